print("postgres-bench")
