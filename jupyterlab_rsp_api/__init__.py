"""JupyterLab extension bringing IVOA services (TAP, SIAv2, SODA, HiPS) into notebooks."""
