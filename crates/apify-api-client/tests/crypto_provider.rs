//! Building a client leaves the process's rustls crypto provider alone: a
//! program that installs its own afterwards (a common first line of
//! `main`) succeeds. One test in a process of its own, so that no other
//! test has installed one first.

use apify_api_client::Client;

#[test]
fn a_program_installs_its_own_crypto_provider_after_building_a_client() {
    let client = Client::builder()
        .token("a-token")
        .base_url("https://api.example.com")
        .build()
        .unwrap();
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_none(),
        "building a client installed a process-wide crypto provider"
    );
    rustls::crypto::ring::default_provider()
        .install_default()
        .expect("the program's own provider is installed");
    // The client still works with the provider it was given.
    let _ = client.clone();
    let again = Client::builder()
        .token("a-token")
        .base_url("https://api.example.com")
        .build();
    assert!(again.is_ok(), "{again:?}");
}
