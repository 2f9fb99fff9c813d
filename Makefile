# The two commands of the README:
#   make demo   set up everything, start the demo platform and JupyterLab at http://localhost:8888/lab
#   make test   set up everything, start the demo platform and run every test
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help setup demo demo-platform demo-stop lab test test-lint test-js test-py test-wheel test-ui bench build

help:
	@echo "make demo    set up everything and start JupyterLab against the demo platform"
	@echo "make test    set up everything and run all tests (lint, jest, pytest, Galata)"
	@echo "make bench   print the proxy, schema, ADQL and VOTable benchmarks' figures (uses the demo platform)"

setup:
	bash scripts/setup.sh

build:
	PATH="$(CURDIR)/.venv/bin:$$PATH" npm run build

demo-platform:
	bash demo/setup.sh

demo-stop:
	bash demo/stop.sh

lab:
	bash scripts/run-lab.sh

demo: setup demo-platform lab

test: setup demo-platform
	bash scripts/run-tests.sh

test-lint:
	bash scripts/run-tests.sh lint
test-js:
	bash scripts/run-tests.sh js
test-py:
	bash scripts/run-tests.sh py
test-wheel:
	bash scripts/run-tests.sh wheel
test-ui:
	bash scripts/run-tests.sh ui

bench:
	.venv/bin/python bench/proxy/run.py
	bash bench/schema/run.sh
	bash bench/adql/run.sh
	bash bench/votable/run.sh
