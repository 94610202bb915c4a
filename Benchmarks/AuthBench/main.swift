print("auth-bench placeholder: filled by the auth work")
