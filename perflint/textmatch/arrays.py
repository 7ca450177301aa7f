"""numpy for the corpus analysis, imported with its BLAS library held to one thread.

perflint's array work (MinHash signatures, LSH buckets, sorts, set intersections) never calls
BLAS, but the OpenBLAS that numpy's wheels bundle starts a pool of threads as numpy is
imported: half of the import's cost (measured on 2 cores: 0.09 s of CPU, 0.045 s with one
thread), paid by every run whose corpus rules compare paragraphs, and by the parent of a
parallel run while its workers lint. So `OPENBLAS_NUM_THREADS` is set to 1 before the first
import, unless the user set it; a numpy another module imported first is left as it is.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # after the setting, which numpy reads as it is imported

__all__ = ["np"]
