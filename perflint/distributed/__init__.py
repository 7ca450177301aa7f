"""Linting a run's files on a Dask cluster (`perflint check --scheduler tcp://HOST:PORT`, or the
root config's `scheduler:`), for a province's or the nation's reports; `pip install 'perflint[dask]'`.

What runs where:

- the **parent** (the `perflint` process) finds the files, connects to the scheduler
  (perflint.distributed.cluster), sends the files in chunks, puts the results back in input
  order, runs the corpus rules over what the workers collected — their analysis sent back to the
  cluster (perflint.distributed.corpus) — and writes the output: the same output, byte for byte,
  as a run on this machine;
- each **Dask worker** rebuilds the run's settings from a small picklable recipe (the command
  line's options and the current directory), once per run and worker process, and lints its
  chunks of files: load, check, what the corpus rules collect (perflint.distributed.lint).

The workers read the files by the paths the parent found, from the parent's current directory:
they must see the same file system (this machine, or a shared one), and have the same perflint
and plugins installed. A run without a scheduler never imports dask or distributed.
"""
