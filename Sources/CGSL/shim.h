#ifndef BULKHEAD_CGSL_SHIM_H
#define BULKHEAD_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

// Swift 6 rejects GSL's global generator-type variables (`gsl_rng_mt19937` and friends are
// mutable globals, which strict concurrency refuses to read), so these accessors return them.
static inline const gsl_rng_type *bulkhead_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *bulkhead_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }
static inline const gsl_rng_type *bulkhead_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *bulkhead_rng_gfsr4(void) { return gsl_rng_gfsr4; }

#endif
