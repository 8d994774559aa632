/// Probe and normalize audio with the FFmpeg libraries (owned by the Media work).
enum MediaModule {}
