enum JobQueueModule {}
