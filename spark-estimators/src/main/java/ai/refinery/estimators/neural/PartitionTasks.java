package ai.refinery.estimators.neural;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * What {@link NeuralTrainer}'s Spark jobs run on the executors, one call per partition: the row
 * checks and statistics of the first pass, building the dense {@link Block}s, a step's gradient,
 * local steps for model averaging, and validation sums. Static functions of serializable inputs, so
 * that no driver object is captured by a task.
 */
final class PartitionTasks {
  static final int EVAL_CHUNK = 1024;

  private PartitionTasks() {}

  /** Row checks and statistics of one partition (first pass). */
  static final class Stats implements Serializable {
    static final long serialVersionUID = 1L;
    int partition;
    int dim = -1;
    long nTrain;
    long nVal;
    double[] sum;
    double[] sumSq;

    /** Per feature: true when some training value is neither 0 nor 1. */
    boolean[] nonBinary;

    double maxLabel = -1;
    double ySum;
    double ySumSq;
  }

  /** A partition's statistics and, while they stay under a byte budget, its raw rows. */
  record Scan(Stats stats, Block.Pair raw) implements Serializable {}

  /**
   * The first pass: checks and statistics of one partition. While the partition's rows take at most
   * {@code keepBytes} as dense arrays it also keeps them (features and labels as read, instance
   * weights), so that a small fit reads its rows once.
   */
  static Scan scan(
      int part,
      Iterator<Row> it,
      TrainConfig c,
      boolean classification,
      Names names,
      double keepBytes) {
    Stats s = new Stats();
    s.partition = part;
    SplittableRandom split = splitter(c, part);
    Rows kept = keepBytes > 0 ? new Rows() : null;
    long r = 0;
    while (it.hasNext()) {
      Row row = it.next();
      double[] x = features(row, part, r, s.dim, names);
      if (s.dim < 0) {
        s.dim = x.length;
        s.sum = new double[s.dim];
        s.sumSq = new double[s.dim];
        s.nonBinary = new boolean[s.dim];
      }
      double y = label(row, part, r, classification, names);
      double w = weight(row, part, r, c);
      boolean val = isValidation(row, split, c);
      if (kept != null) {
        kept.add(val, x, y, w);
        if (kept.bytes() > keepBytes) {
          kept = null;
        }
      }
      if (val) {
        s.nVal++;
      } else {
        s.nTrain++;
        for (int j = 0; j < x.length; j++) {
          s.sum[j] += x[j];
          s.sumSq[j] += x[j] * x[j];
          if (x[j] != 0 && x[j] != 1) {
            s.nonBinary[j] = true;
          }
        }
        s.ySum += y;
        s.ySumSq += y * y;
      }
      s.maxLabel = Math.max(s.maxLabel, y);
      r++;
    }
    return new Scan(s, kept == null ? null : kept.pair(part, Math.max(0, s.dim)));
  }

  /**
   * Turns a raw block from {@link #scan} into what {@link #build} makes: features standardised,
   * class weights applied (classification) or the label standardised (regression); in place.
   */
  static Block.Pair finish(
      Block.Pair raw,
      boolean classification,
      double[] mean,
      double[] scale,
      double labelMean,
      double labelScale,
      double[] classWeights) {
    for (Block b : List.of(raw.train(), raw.validation())) {
      int dim = mean.length;
      for (int i = 0; i < b.n; i++) {
        standardize(b.x, i * dim, mean, scale);
        b.w[i] = weighted(classification, classWeights, b.y[i], b.w[i]);
        b.y[i] = scaledLabel(classification, labelMean, labelScale, b.y[i]);
      }
    }
    return raw;
  }

  static Stats merge(List<Stats> parts, Names names) {
    Stats t = new Stats();
    Stats first = null;
    for (Stats s : parts) {
      if (s.dim < 0) {
        continue;
      }
      if (t.dim < 0) {
        t.dim = s.dim;
        t.sum = new double[s.dim];
        t.sumSq = new double[s.dim];
        t.nonBinary = new boolean[s.dim];
        first = s;
      } else if (s.dim != t.dim) {
        throw new IllegalArgumentException(
            String.format(
                "Column '%s' (param featuresCol)"
                    + " has vectors of different sizes: %d in partition %d, %d in partition %d. Every"
                    + " row needs the same number of features; assemble them with one"
                    + " VectorAssembler or TabularFeaturizer.",
                names.features(), first.dim, first.partition, s.dim, s.partition));
      }
      t.nTrain += s.nTrain;
      t.nVal += s.nVal;
      for (int j = 0; j < t.dim; j++) {
        t.sum[j] += s.sum[j];
        t.sumSq[j] += s.sumSq[j];
        t.nonBinary[j] |= s.nonBinary[j];
      }
      t.maxLabel = Math.max(t.maxLabel, s.maxLabel);
      t.ySum += s.ySum;
      t.ySumSq += s.ySumSq;
    }
    if (t.dim < 0) {
      t.dim = 0;
    }
    return t;
  }

  static Block.Pair build(
      int part,
      Iterator<Row> it,
      TrainConfig c,
      boolean classification,
      Names names,
      double[] mean,
      double[] scale,
      double labelMean,
      double labelScale,
      double[] classWeights) {
    SplittableRandom split = splitter(c, part);
    int dim = mean.length;
    Rows rows = new Rows();
    long r = 0;
    while (it.hasNext()) {
      Row row = it.next();
      double[] x = features(row, part, r, dim, names);
      double y = label(row, part, r, classification, names);
      double w = weight(row, part, r, c);
      boolean val = isValidation(row, split, c);
      standardize(x, 0, mean, scale);
      rows.add(
          val,
          x,
          scaledLabel(classification, labelMean, labelScale, y),
          weighted(classification, classWeights, y, w));
      r++;
    }
    return rows.pair(part, dim);
  }

  /** Standardises the {@code mean.length} features at {@code x[offset..]} in place. */
  private static void standardize(double[] x, int offset, double[] mean, double[] scale) {
    for (int j = 0; j < mean.length; j++) {
      x[offset + j] = (x[offset + j] - mean[j]) / scale[j];
    }
  }

  /** A row's weight times its class's weight (classification with class weights). */
  private static double weighted(
      boolean classification, double[] classWeights, double y, double w) {
    return classification && classWeights != null ? w * classWeights[(int) y] : w;
  }

  /** The label as the network sees it: standardised for regression, the class index otherwise. */
  private static double scaledLabel(
      boolean classification, double labelMean, double labelScale, double y) {
    return classification ? y : (y - labelMean) / labelScale;
  }

  static SplittableRandom splitter(TrainConfig c, int part) {
    return new SplittableRandom(Permutations.seeds(c.seed(), -1, part, 0x5B1D));
  }

  static boolean isValidation(Row row, SplittableRandom split, TrainConfig c) {
    // column 3 holds the validation indicator, or the validationFraction hold-out drawn per row
    // key by HoldOut.mark (identical rows drawn independently, on any partitioning); split is
    // no longer used
    return !row.isNullAt(3) && row.getBoolean(3);
  }

  static double[] features(Row row, int part, long r, int dim, Names names) {
    if (row.isNullAt(0)) {
      throw new IllegalArgumentException(
          String.format(
              "Column '%s' (param featuresCol) is"
                  + " null in row %d of partition %d. Drop or impute those rows.",
              names.features(), r, part));
    }
    double[] x = ((Vector) row.get(0)).toArray();
    if (dim >= 0 && x.length != dim) {
      throw new IllegalArgumentException(
          String.format(
              "Column '%s' (param featuresCol) has"
                  + " vectors of different sizes: %d in the first row and %d in row %d of partition %d."
                  + " Every row needs the same number of features; assemble them with one"
                  + " VectorAssembler or TabularFeaturizer.",
              names.features(), dim, x.length, r, part));
    }
    for (int j = 0; j < x.length; j++) {
      if (!Double.isFinite(x[j])) {
        throw new IllegalArgumentException(
            String.format(
                "Column '%s' (param featuresCol)"
                    + " has %s at index %d in row %d of partition %d. Neural estimators need finite"
                    + " features: impute missing values (e.g. TabularFeaturizer) or filter those rows.",
                names.features(), x[j], j, r, part));
      }
    }
    return x;
  }

  static double label(Row row, int part, long r, boolean classification, Names names) {
    if (row.isNullAt(1)) {
      throw new IllegalArgumentException(
          String.format(
              "Column '%s' (param labelCol) is null"
                  + " in row %d of partition %d. Drop those rows.",
              names.label(), r, part));
    }
    double y = row.getDouble(1);
    if (classification) {
      if (!(y >= 0 && y == Math.rint(y) && y < 1e7)) {
        throw new IllegalArgumentException(
            String.format(
                "Column '%s' (param labelCol) must hold"
                    + " class indices 0..K-1 (non-negative integers) but has %s in row %d of partition %d."
                    + " Index the labels with StringIndexer.",
                names.label(), y, r, part));
      }
    } else if (!Double.isFinite(y)) {
      throw new IllegalArgumentException(
          String.format(
              "Column '%s' (param labelCol) has %s in"
                  + " row %d of partition %d. Drop those rows.",
              names.label(), y, r, part));
    }
    return y;
  }

  static double weight(Row row, int part, long r, TrainConfig c) {
    if (!c.hasWeightCol()) {
      return 1.0;
    }
    double w = row.isNullAt(2) ? Double.NaN : row.getDouble(2);
    if (!(w >= 0 && Double.isFinite(w))) {
      throw new IllegalArgumentException(
          String.format(
              "Column '%s' (param weightCol) must hold"
                  + " finite weights >= 0 but has %s in row %d of partition %d.",
              c.weightCol(), w, r, part));
    }
    return w;
  }

  /** A partition's gradient sum for one step. */
  static final class Grad implements Serializable {
    static final long serialVersionUID = 1L;
    final double[] grad;
    double loss;
    double weight;
    long rows;

    Grad(double[] grad, double loss, double weight, long rows) {
      this.grad = grad;
      this.loss = loss;
      this.weight = weight;
      this.rows = rows;
    }
  }

  /** Weights and optimizer state shipped to the partitions for local steps. */
  record Snapshot(double[] weights, Optimizer.State state) implements Serializable {}

  /** A partition's model after local steps. */
  static final class Avg implements Serializable {
    static final long serialVersionUID = 1L;
    final double[] weights;
    final Optimizer.State state;
    double loss;
    double weight;
    long rows;

    Avg(double[] weights, Optimizer.State state, double loss, double weight, long rows) {
      this.weights = weights;
      this.state = state;
      this.loss = loss;
      this.weight = weight;
      this.rows = rows;
    }
  }

  /** Adds {@code b} into {@code a} (empty partitions skipped); for the gradient tree. */
  static Grad addGrad(Grad a, Grad b) {
    if (b.rows == 0) {
      return a;
    }
    if (a.rows == 0) {
      return b;
    }
    axpy(1.0, b.grad, a.grad);
    a.loss += b.loss;
    a.weight += b.weight;
    a.rows += b.rows;
    return a;
  }

  /** A partition's model and optimizer state multiplied by its rows' weight (for averaging). */
  static Avg weighted(Avg a) {
    if (a.weight > 0) {
      scale(a.weights, a.weight);
      scale(a.state.m, a.weight);
      scale(a.state.v, a.weight);
    }
    return a;
  }

  /** Adds the weighted partition model {@code b} into {@code a}; for the averaging tree. */
  static Avg addAvg(Avg a, Avg b) {
    if (b.weight <= 0) {
      return a;
    }
    if (a.weight <= 0) {
      return b;
    }
    axpy(1.0, b.weights, a.weights);
    axpy(1.0, b.state.m, a.state.m);
    axpy(1.0, b.state.v, a.state.v);
    a.loss += b.loss;
    a.weight += b.weight;
    a.rows += b.rows;
    return a;
  }

  private static void scale(double[] x, double f) {
    for (int i = 0; i < x.length; i++) {
      x[i] *= f;
    }
  }

  /** {@code y += a * x}. */
  static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  static int from(int s, int n, int steps) {
    return (int) ((long) s * n / steps);
  }

  static Grad gradTask(
      Block.Pair p,
      TrainConfig c,
      Network net,
      double[] w,
      String run,
      int epoch,
      int s,
      int steps) {
    Block b = p.train();
    int from = from(s, b.n, steps);
    int to = from(s + 1, b.n, steps);
    if (to <= from) {
      return new Grad(null, 0, 0, 0);
    }
    int[] perm = Permutations.get(run, p.partition(), epoch, b.n, c.seed());
    Network.Work wk = net.work(to - from);
    int n = wk.gather(b, perm, from, to);
    SplittableRandom rnd =
        new SplittableRandom(Permutations.seeds(c.seed(), epoch, s, p.partition()));
    net.forward(w, wk, n, c.inputDropout(), c.dropout(), rnd);
    double loss = net.lossAndDelta(wk, n);
    double[] grad = new double[net.numParams];
    net.backward(w, wk, n, grad);
    return new Grad(grad, loss, sum(wk.w, n), n);
  }

  /**
   * One step of single-task training: the same global mini-batch as a step of the exact mode (the
   * s-th slice of every partition's rows in its seeded order, partitions in order), gathered into
   * one batch and run through one forward and backward pass. Writes the gradient sum into {@code
   * grad} (overwritten) and returns it with the loss, weight and row sums.
   */
  static Grad localGrad(
      List<Block> train,
      int[][] perms,
      TrainConfig c,
      Network net,
      double[] w,
      Network.Work wk,
      double[] grad,
      int epoch,
      int s,
      int steps) {
    int n = 0;
    for (int i = 0; i < train.size(); i++) {
      Block b = train.get(i);
      n = wk.gatherAt(b, perms[i], from(s, b.n, steps), from(s + 1, b.n, steps), n);
    }
    if (n == 0) {
      return new Grad(grad, 0, 0, 0);
    }
    SplittableRandom rnd =
        c.inputDropout() > 0 || c.dropout() > 0
            ? new SplittableRandom(Permutations.seeds(c.seed(), epoch, s, -1))
            : null;
    net.forward(w, wk, n, c.inputDropout(), c.dropout(), rnd);
    double loss = net.lossAndDelta(wk, n);
    net.backward(w, wk, n, grad);
    return new Grad(grad, loss, sum(wk.w, n), n);
  }

  /** Batch capacity that holds one step's slices of all the blocks. */
  static int localCapacity(List<Block> train, int steps) {
    long cap = 1;
    for (Block b : train) {
      cap += b.n / steps + 2;
    }
    return (int) Math.min(Integer.MAX_VALUE - 8, cap);
  }

  static Avg avgTask(
      Block.Pair p,
      TrainConfig c,
      Network net,
      Snapshot snap,
      String run,
      int epoch,
      int s0,
      int h,
      int steps,
      double[] lrs) {
    Block b = p.train();
    double[] w = snap.weights().clone();
    Optimizer.State st = snap.state().copy();
    if (b.n == 0) {
      return new Avg(w, st, 0, 0, 0);
    }
    int[] perm = Permutations.get(run, p.partition(), epoch, b.n, c.seed());
    int cap = from(s0 + 1, b.n, steps) - from(s0, b.n, steps) + 1;
    Network.Work wk = net.work(cap);
    double[] grad = new double[net.numParams];
    double loss = 0;
    double weight = 0;
    long rows = 0;
    for (int j = 0; j < h; j++) {
      int s = s0 + j;
      int from = from(s, b.n, steps);
      int to = from(s + 1, b.n, steps);
      if (to <= from) {
        continue;
      }
      if (to - from > wk.capacity) {
        wk = net.work(to - from);
      }
      int n = wk.gather(b, perm, from, to);
      SplittableRandom rnd =
          new SplittableRandom(Permutations.seeds(c.seed(), epoch, s, p.partition()));
      net.forward(w, wk, n, c.inputDropout(), c.dropout(), rnd);
      double l = net.lossAndDelta(wk, n);
      net.backward(w, wk, n, grad);
      double ws = sum(wk.w, n);
      if (ws > 0) {
        for (int i = 0; i < grad.length; i++) {
          grad[i] /= ws;
        }
        Optimizer.step(c, net, w, grad, st, lrs[j]);
      }
      loss += l;
      weight += ws;
      rows += n;
    }
    return new Avg(w, st, loss, weight, rows);
  }

  /** Validation sums of one partition (and binary scores for AUC). */
  static final class Eval implements Serializable {
    static final long serialVersionUID = 1L;
    double loss;
    double weight;
    double correct;
    double sqErr;
    double absErr;
    double ySum;
    double ySq;
    double[] scores;
    double[] labels;
    double[] weights;

    void add(Eval o) {
      loss += o.loss;
      weight += o.weight;
      correct += o.correct;
      sqErr += o.sqErr;
      absErr += o.absErr;
      ySum += o.ySum;
      ySq += o.ySq;
    }
  }

  static Eval evalTask(
      Block b, Network net, double[] w, boolean scores, double labelMean, double labelScale) {
    Eval e = new Eval();
    if (scores) {
      e.scores = new double[b.n];
      e.labels = new double[b.n];
      e.weights = new double[b.n];
    }
    if (b.n == 0) {
      return e;
    }
    Network.Work wk = net.work(Math.min(EVAL_CHUNK, b.n));
    int k = net.outputSize();
    double[] out = wk.z[net.numLayers() - 1];
    for (int from = 0; from < b.n; from += EVAL_CHUNK) {
      int to = Math.min(b.n, from + EVAL_CHUNK);
      int n = wk.gather(b, null, from, to);
      net.forward(w, wk, n, 0, 0, null);
      e.loss += net.lossAndDelta(wk, n);
      for (int j = 0; j < n; j++) {
        double wj = wk.w[j];
        e.weight += wj;
        if (net.classification) {
          int arg = 0;
          for (int c = 1; c < k; c++) {
            if (out[j * k + c] > out[j * k + arg]) {
              arg = c;
            }
          }
          if (arg == (int) wk.y[j]) {
            e.correct += wj;
          }
          if (scores) {
            e.scores[from + j] = out[j * k + 1];
            e.labels[from + j] = wk.y[j];
            e.weights[from + j] = wj;
          }
        } else {
          double pred = out[j] * labelScale + labelMean;
          double y = wk.y[j] * labelScale + labelMean;
          double err = pred - y;
          e.sqErr += wj * err * err;
          e.absErr += wj * Math.abs(err);
          e.ySum += wj * y;
          e.ySq += wj * y * y;
        }
      }
    }
    return e;
  }

  static double sum(double[] v, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += v[i];
    }
    return s;
  }

  /** Column names for messages written on executors. */
  record Names(String features, String label) implements Serializable {}

  /** A growable double array. */
  /** One partition's rows as dense arrays, training and validation rows apart. */
  private static final class Rows {
    private final Grow tx = new Grow();
    private final Grow ty = new Grow();
    private final Grow tw = new Grow();
    private final Grow vx = new Grow();
    private final Grow vy = new Grow();
    private final Grow vw = new Grow();

    void add(boolean validation, double[] x, double y, double w) {
      (validation ? vx : tx).addAll(x);
      (validation ? vy : ty).add(y);
      (validation ? vw : tw).add(w);
    }

    /** What the features, labels and weights take as arrays of doubles, in bytes. */
    double bytes() {
      return 8.0 * (tx.size + vx.size + 2L * (ty.size + vy.size));
    }

    Block.Pair pair(int part, int dim) {
      return new Block.Pair(
          part,
          new Block(ty.size, dim, tx.array(), ty.array(), tw.array()),
          new Block(vy.size, dim, vx.array(), vy.array(), vw.array()));
    }
  }

  private static final class Grow {
    double[] data = new double[64];
    int size;

    void add(double v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[size++] = v;
    }

    void addAll(double[] v) {
      if (size + v.length > data.length) {
        data = Arrays.copyOf(data, Math.max(data.length * 2, size + v.length));
      }
      System.arraycopy(v, 0, data, size, v.length);
      size += v.length;
    }

    double[] array() {
      return Arrays.copyOf(data, size);
    }
  }
}
