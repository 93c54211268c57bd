package ai.refinery.estimators.neural;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Back-propagation (GEMM-based) against central finite differences, for every activation. */
class NetworkGradientTest {

  @ParameterizedTest
  @EnumSource(Activation.class)
  void classificationGradientMatchesFiniteDifferences(Activation act) {
    check(new Network(new int[] {4, 5, 3, 3}, act, true), act);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void regressionGradientMatchesFiniteDifferences(Activation act) {
    check(new Network(new int[] {4, 6, 1}, act, false), act);
  }

  private static void check(Network net, Activation act) {
    Random r = new Random(7);
    double[] w = net.init(3);
    for (int i = 0; i < w.length; i++) {
      w[i] += 0.1 * r.nextGaussian(); // non-zero biases too
    }
    int n = 6;
    Block b = randomBlock(net, n, r);
    Network.Work wk = net.work(n);
    wk.gather(b, null, 0, n);
    net.forward(w, wk, n, 0, 0, null);
    net.lossAndDelta(wk, n);
    double[] grad = new double[net.numParams];
    net.backward(w, wk, n, grad);
    double eps = 1e-6;
    double worst = 0;
    for (int i = 0; i < w.length; i++) {
      double keep = w[i];
      w[i] = keep + eps;
      double up = loss(net, w, b, n);
      w[i] = keep - eps;
      double down = loss(net, w, b, n);
      w[i] = keep;
      double numeric = (up - down) / (2 * eps);
      worst = Math.max(worst, Math.abs(numeric - grad[i]) / Math.max(1.0, Math.abs(numeric)));
    }
    assertTrue(worst < 1e-6, act + ": worst relative gradient error " + worst);
  }

  private static double loss(Network net, double[] w, Block b, int n) {
    Network.Work wk = net.work(n);
    wk.gather(b, null, 0, n);
    net.forward(w, wk, n, 0, 0, null);
    return net.lossAndDelta(wk, n);
  }

  private static Block randomBlock(Network net, int n, Random r) {
    int d = net.inputSize();
    double[] x = new double[n * d];
    double[] y = new double[n];
    double[] wt = new double[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      y[i] = net.classification ? r.nextInt(net.outputSize()) : r.nextGaussian();
      wt[i] = 0.5 + r.nextDouble();
    }
    return new Block(n, d, x, y, wt);
  }
}
