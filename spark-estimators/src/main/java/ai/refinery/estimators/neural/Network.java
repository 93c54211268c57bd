package ai.refinery.estimators.neural;

import dev.ludovic.netlib.blas.BLAS;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fully connected network's shape and its dense math. All parameters live in one flat {@code
 * double[]}: for each layer l its weight matrix W_l (out x in, column-major) then its bias b_l. A
 * batch of n samples is stored sample-contiguous (in x n, column-major), so every layer is one GEMM
 * per mini-batch forward ({@code Z = W A}) and two backward ({@code dW = dZ A^T}, {@code dA = W^T
 * dZ}), through netlib BLAS (native when the machine has a BLAS, else Java).
 *
 * <p>Output: K logits with softmax cross-entropy for classification, one value with squared error
 * for regression. Losses and gradients are sums over the batch weighted by each row's weight;
 * callers divide by the weight sum.
 */
final class Network implements Serializable {
  private static final long serialVersionUID = 1L;

  final int[] sizes;
  final Activation activation;
  final boolean classification;
  final int[] wOff;
  final int[] bOff;
  final int numParams;

  Network(int[] sizes, Activation activation, boolean classification) {
    this.sizes = sizes.clone();
    this.activation = activation;
    this.classification = classification;
    int layers = sizes.length - 1;
    wOff = new int[layers];
    bOff = new int[layers];
    int off = 0;
    for (int l = 0; l < layers; l++) {
      wOff[l] = off;
      off += sizes[l] * sizes[l + 1];
      bOff[l] = off;
      off += sizes[l + 1];
    }
    numParams = off;
  }

  int numLayers() {
    return sizes.length - 1;
  }

  int inputSize() {
    return sizes[0];
  }

  int outputSize() {
    return sizes[sizes.length - 1];
  }

  /** Multiply-adds of one forward pass per sample (x2 for FLOPs; training is ~3 forward passes). */
  long macsPerSample() {
    long m = 0;
    for (int l = 0; l < numLayers(); l++) {
      m += (long) sizes[l] * sizes[l + 1];
    }
    return m;
  }

  /** He (relu, gelu) or Glorot (tanh, sigmoid, output layer) initial weights, zero biases. */
  double[] init(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] w = new double[numParams];
    for (int l = 0; l < numLayers(); l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      boolean hidden = l < numLayers() - 1;
      if (hidden && activation.heInit()) {
        double std = Math.sqrt(2.0 / in);
        for (int i = 0; i < in * out; i++) {
          w[wOff[l] + i] = gaussian(r) * std;
        }
      } else {
        double limit = Math.sqrt(6.0 / (in + out));
        for (int i = 0; i < in * out; i++) {
          w[wOff[l] + i] = (2 * r.nextDouble() - 1) * limit;
        }
      }
    }
    return w;
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17
    double u = 1.0 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Buffers for batches of up to {@code capacity} samples; one per task, reused across steps. */
  final class Work {
    final int capacity;
    final double[] x;
    final double[] y;
    final double[] w;
    final double[][] z;
    final double[][] a;
    final double[][] mask;
    final double[][] d;

    Work(int capacity) {
      this.capacity = capacity;
      int layers = numLayers();
      x = new double[capacity * sizes[0]];
      y = new double[capacity];
      w = new double[capacity];
      z = new double[layers][];
      a = new double[layers + 1][];
      mask = new double[layers][];
      d = new double[layers][];
      a[0] = x;
      for (int l = 0; l < layers; l++) {
        int n = capacity * sizes[l + 1];
        z[l] = new double[n];
        a[l + 1] = l < layers - 1 ? new double[n] : z[l];
        d[l] = new double[n];
      }
    }

    /** Copies rows {@code idx[from..to)} of a block into the batch buffers. */
    int gather(Block b, int[] idx, int from, int to) {
      return gatherAt(b, idx, from, to, 0);
    }

    /**
     * Copies rows {@code idx[from..to)} of a block into the batch buffers from sample {@code at}
     * on; returns the number of samples then in the buffers.
     */
    int gatherAt(Block b, int[] idx, int from, int to, int at) {
      int n = to - from;
      int dim = sizes[0];
      for (int i = 0; i < n; i++) {
        int r = idx == null ? from + i : idx[from + i];
        System.arraycopy(b.x, r * dim, x, (at + i) * dim, dim);
        y[at + i] = b.y[r];
        w[at + i] = b.w[r];
      }
      return at + n;
    }
  }

  Work work(int capacity) {
    return new Work(Math.max(1, capacity));
  }

  /**
   * Forward pass over the {@code n} samples in {@code wk.x}. With a random source, drops inputs and
   * hidden units (inverted dropout: kept units are scaled by 1/(1-p)).
   */
  void forward(
      double[] params, Work wk, int n, double inputDropout, double dropout, SplittableRandom rnd) {
    BLAS blas = BLAS.getInstance();
    if (rnd != null && inputDropout > 0) {
      drop(wk.x, n * sizes[0], inputDropout, rnd, null);
    }
    for (int l = 0; l < numLayers(); l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      double[] z = wk.z[l];
      // Z = b 1^T, then Z += W A (one GEMM for the whole batch)
      for (int j = 0; j < n; j++) {
        System.arraycopy(params, bOff[l], z, j * out, out);
      }
      blas.dgemm("N", "N", out, n, in, 1.0, params, wOff[l], out, wk.a[l], 0, in, 1.0, z, 0, out);
      if (l < numLayers() - 1) {
        activation.apply(z, wk.a[l + 1], n * out);
        if (rnd != null && dropout > 0) {
          if (wk.mask[l] == null) {
            wk.mask[l] = new double[wk.capacity * out];
          }
          drop(wk.a[l + 1], n * out, dropout, rnd, wk.mask[l]);
        } else if (wk.mask[l] != null) {
          Arrays.fill(wk.mask[l], 0, n * out, 1.0);
        }
      }
    }
  }

  private static void drop(double[] v, int n, double p, SplittableRandom rnd, double[] mask) {
    double keep = 1.0 / (1.0 - p);
    for (int i = 0; i < n; i++) {
      double m = rnd.nextDouble() < p ? 0.0 : keep;
      v[i] *= m;
      if (mask != null) {
        mask[i] = m;
      }
    }
  }

  /**
   * Loss of the last forward pass (sum of weight x loss), and the output layer's delta in {@code
   * wk.d}. Classification turns the logits in place into probabilities.
   */
  double lossAndDelta(Work wk, int n) {
    int last = numLayers() - 1;
    double[] out = wk.z[last];
    double[] d = wk.d[last];
    int k = outputSize();
    double loss = 0;
    if (classification) {
      for (int j = 0; j < n; j++) {
        int o = j * k;
        softmaxInPlace(out, o, k);
        int cls = (int) wk.y[j];
        double wj = wk.w[j];
        loss -= wj * Math.log(Math.max(out[o + cls], 1e-300));
        for (int c = 0; c < k; c++) {
          d[o + c] = wj * (out[o + c] - (c == cls ? 1.0 : 0.0));
        }
      }
    } else {
      for (int j = 0; j < n; j++) {
        double e = out[j] - wk.y[j];
        loss += wk.w[j] * e * e;
        d[j] = 2 * wk.w[j] * e;
      }
    }
    return loss;
  }

  /** Back-propagates {@code wk.d} of the last layer, summing the gradient into {@code grad}. */
  void backward(double[] params, Work wk, int n, double[] grad) {
    BLAS blas = BLAS.getInstance();
    for (int l = numLayers() - 1; l >= 0; l--) {
      int in = sizes[l];
      int out = sizes[l + 1];
      double[] d = wk.d[l];
      // dW = dZ A^T
      blas.dgemm("N", "T", out, in, n, 1.0, d, 0, out, wk.a[l], 0, in, 0.0, grad, wOff[l], out);
      int bo = bOff[l];
      Arrays.fill(grad, bo, bo + out, 0.0);
      for (int j = 0; j < n; j++) {
        int o = j * out;
        for (int c = 0; c < out; c++) {
          grad[bo + c] += d[o + c];
        }
      }
      if (l > 0) {
        double[] prev = wk.d[l - 1];
        // dA = W^T dZ, then through the dropout mask and the activation's derivative
        blas.dgemm("T", "N", in, n, out, 1.0, params, wOff[l], out, d, 0, out, 0.0, prev, 0, in);
        double[] mask = wk.mask[l - 1];
        if (mask != null) {
          for (int i = 0; i < n * in; i++) {
            prev[i] *= mask[i];
          }
        }
        activation.backward(wk.z[l - 1], prev, n * in);
      }
    }
  }

  static void softmaxInPlace(double[] v, int off, int k) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      max = Math.max(max, v[off + c]);
    }
    double sum = 0;
    for (int c = 0; c < k; c++) {
      double e = Math.exp(v[off + c] - max);
      v[off + c] = e;
      sum += e;
    }
    for (int c = 0; c < k; c++) {
      v[off + c] /= sum;
    }
  }

  /** Raw outputs (logits, or the standardised regression value) of one sample. */
  double[] predictRaw(double[] params, double[] x) {
    Work wk = new Work(1);
    System.arraycopy(x, 0, wk.x, 0, x.length);
    forward(params, wk, 1, 0, 0, null);
    return Arrays.copyOf(wk.z[numLayers() - 1], outputSize());
  }

  /** True for parameter index ranges that are weights (penalised), false for biases. */
  void forEachWeightRange(RangeConsumer c) {
    for (int l = 0; l < numLayers(); l++) {
      c.accept(wOff[l], bOff[l]);
    }
  }

  /** Receives a [from, to) range of the flat parameters. */
  interface RangeConsumer {
    void accept(int from, int to);
  }
}
