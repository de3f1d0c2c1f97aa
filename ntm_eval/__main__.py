from ntm_eval.entry import main

if __name__ == "__main__":
    main()
