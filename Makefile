# Thin entry points; the work is done by the scripts in scripts/, which also run on their own.
# Pass extra arguments with ARGS, e.g. make test ARGS="-k booking -x".

.PHONY: run test lint setup clean clean-data help
.DEFAULT_GOAL := help

run: ## Set up, migrate, seed the demo and serve on http://localhost:8000/ (PORT to change)
	@scripts/run.sh

test: ## Run the whole test suite (DATABASE_URL picks the database; SQLite by default)
	@scripts/test.sh $(ARGS)

lint: ## Check the code with ruff
	@scripts/lint.sh $(ARGS)

setup: ## Create .venv with Python 3.12+ and install requirements.txt
	@scripts/setup.sh

clean: ## Remove virtual environments, collected static files and caches (keeps data)
	@scripts/clean.sh

clean-data: ## Like clean, and also remove the SQLite database, Huey queue and media
	@scripts/clean.sh --data

help: ## List these targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'
