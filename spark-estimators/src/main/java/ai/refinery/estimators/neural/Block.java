package ai.refinery.estimators.neural;

import java.io.Serializable;

/**
 * One partition's rows as dense arrays, built once per fit and cached: features sample-contiguous
 * ({@code x[r * dim + j]}), label (class index, or the standardised regression label) and weight
 * (instance weight x class weight).
 */
final class Block implements Serializable {
  private static final long serialVersionUID = 1L;
  final int n;
  final int dim;
  final double[] x;
  final double[] y;
  final double[] w;

  Block(int n, int dim, double[] x, double[] y, double[] w) {
    this.n = n;
    this.dim = dim;
    this.x = x;
    this.y = y;
    this.w = w;
  }

  /** A partition's training and validation rows. */
  record Pair(int partition, Block train, Block validation) implements Serializable {}
}
