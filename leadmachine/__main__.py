from leadmachine.cli import main

main()
