from perflint.cli import main

raise SystemExit(main())
