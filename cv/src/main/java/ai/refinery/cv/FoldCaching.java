package ai.refinery.cv;

/**
 * What {@link FoldCrossValidator} caches for its fits.
 *
 * <ul>
 *   <li>{@code SOURCE}: the fold-assigned input is cached once (or used as is when the caller
 *       already cached it); every fit trains on a filtered view of it. Spark ML's iterative
 *       estimators (LogisticRegression, LinearRegression, trees, ...) cache their own working form
 *       (an RDD of instances) when their input is not cached, which is much cheaper per iteration
 *       than re-reading a cached DataFrame. Memory: one copy of the data.
 *   <li>{@code SPLITS}: as above, and each fold's training and validation sets are also cached
 *       while its param maps run (Spark CrossValidator's way). Memory: up to one more copy of the
 *       data per concurrently running fold.
 * </ul>
 */
public enum FoldCaching {
  SOURCE,
  SPLITS
}
