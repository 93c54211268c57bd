package ai.refinery.estimators.neural;

/** Hidden-layer activation functions; each picks the weight initialisation that suits it. */
public enum Activation {
  /** max(0, z); He initialisation. */
  RELU,
  /** tanh(z); Glorot initialisation. */
  TANH,
  /** 1 / (1 + exp(-z)); Glorot initialisation. */
  SIGMOID,
  /** z * Phi(z) (tanh approximation); He initialisation. */
  GELU;

  private static final double GELU_C = Math.sqrt(2.0 / Math.PI);

  /** Applies the function to {@code z[0..n)}, writing {@code a}. */
  void apply(double[] z, double[] a, int n) {
    switch (this) {
      case RELU -> {
        for (int i = 0; i < n; i++) {
          a[i] = z[i] > 0 ? z[i] : 0.0;
        }
      }
      case TANH -> {
        for (int i = 0; i < n; i++) {
          a[i] = Math.tanh(z[i]);
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < n; i++) {
          a[i] = 1.0 / (1.0 + Math.exp(-z[i]));
        }
      }
      case GELU -> {
        for (int i = 0; i < n; i++) {
          double x = z[i];
          a[i] = 0.5 * x * (1.0 + Math.tanh(GELU_C * (x + 0.044715 * x * x * x)));
        }
      }
      default -> throw new IllegalStateException(name());
    }
  }

  /**
   * Multiplies {@code d[i]} by the derivative at {@code z[i]}. Uses z only: the stored activations
   * are scaled by dropout.
   */
  void backward(double[] z, double[] d, int n) {
    switch (this) {
      case RELU -> {
        for (int i = 0; i < n; i++) {
          if (z[i] <= 0) {
            d[i] = 0.0;
          }
        }
      }
      case TANH -> {
        for (int i = 0; i < n; i++) {
          double t = Math.tanh(z[i]);
          d[i] *= 1.0 - t * t;
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < n; i++) {
          double s = 1.0 / (1.0 + Math.exp(-z[i]));
          d[i] *= s * (1.0 - s);
        }
      }
      case GELU -> {
        for (int i = 0; i < n; i++) {
          double x = z[i];
          double u = GELU_C * (x + 0.044715 * x * x * x);
          double t = Math.tanh(u);
          double du = GELU_C * (1.0 + 3 * 0.044715 * x * x);
          d[i] *= 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du;
        }
      }
      default -> throw new IllegalStateException(name());
    }
  }

  /** True when He (fan-in) initialisation suits the activation, false for Glorot. */
  boolean heInit() {
    return this == RELU || this == GELU;
  }
}
