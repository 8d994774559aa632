/// Async HTTP on libcurl (owned by the Transfer work).
enum TransferModule {}
