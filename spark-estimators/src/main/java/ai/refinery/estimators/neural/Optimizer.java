package ai.refinery.estimators.neural;

import java.io.Serializable;

/**
 * The update rules (SGD with momentum or Nesterov, Adam, AdamW) and their state. State is plain
 * arrays so that it can be broadcast, averaged across partitions and checkpointed.
 */
final class Optimizer {
  private static final double EPS = 1e-8;

  private Optimizer() {}

  /** Momentum buffer (SGD) or first and second moments (Adam) and the step count. */
  static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    final double[] m;
    final double[] v;
    long t;

    State(int size, boolean adam) {
      m = new double[size];
      v = adam ? new double[size] : new double[0];
    }

    State(double[] m, double[] v, long t) {
      this.m = m;
      this.v = v;
      this.t = t;
    }

    State copy() {
      return new State(m.clone(), v.clone(), t);
    }
  }

  static State newState(TrainConfig c, int size) {
    return new State(size, c.optimizer() != OptimizerKind.SGD);
  }

  /** One update of {@code w} with the mean gradient {@code g} (modified: penalties are added). */
  static void step(TrainConfig c, Network net, double[] w, double[] g, State s, double lr) {
    boolean decoupled = c.optimizer() == OptimizerKind.ADAMW;
    if (c.l1() > 0 || (c.l2() > 0 && !decoupled)) {
      double l1 = c.l1();
      double l2 = decoupled ? 0 : c.l2();
      net.forEachWeightRange(
          (from, to) -> {
            for (int i = from; i < to; i++) {
              g[i] += l2 * w[i] + l1 * Math.signum(w[i]);
            }
          });
    }
    s.t++;
    switch (c.optimizer()) {
      case SGD -> {
        double mu = c.momentum();
        boolean nesterov = c.nesterov();
        for (int i = 0; i < w.length; i++) {
          s.m[i] = mu * s.m[i] + g[i];
          double d = nesterov ? g[i] + mu * s.m[i] : s.m[i];
          w[i] -= lr * d;
        }
      }
      case ADAM, ADAMW -> {
        if (decoupled && c.l2() > 0) {
          double decay = 1 - lr * c.l2();
          net.forEachWeightRange(
              (from, to) -> {
                for (int i = from; i < to; i++) {
                  w[i] *= decay;
                }
              });
        }
        double b1 = c.beta1();
        double b2 = c.beta2();
        double c1 = 1 - Math.pow(b1, s.t);
        double c2 = 1 - Math.pow(b2, s.t);
        for (int i = 0; i < w.length; i++) {
          s.m[i] = b1 * s.m[i] + (1 - b1) * g[i];
          s.v[i] = b2 * s.v[i] + (1 - b2) * g[i] * g[i];
          w[i] -= lr * (s.m[i] / c1) / (Math.sqrt(s.v[i] / c2) + EPS);
        }
      }
      default -> throw new IllegalStateException(c.optimizer().name());
    }
  }
}
