package ai.refinery.estimators.neural;

import static ai.refinery.estimators.neural.PartitionTasks.avgTask;
import static ai.refinery.estimators.neural.PartitionTasks.axpy;
import static ai.refinery.estimators.neural.PartitionTasks.build;
import static ai.refinery.estimators.neural.PartitionTasks.evalTask;
import static ai.refinery.estimators.neural.PartitionTasks.gradTask;
import static ai.refinery.estimators.neural.PartitionTasks.merge;
import static ai.refinery.estimators.neural.PartitionTasks.scan;

import ai.refinery.estimators.RocAuc;
import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.estimators.neural.PartitionTasks.Avg;
import ai.refinery.estimators.neural.PartitionTasks.Eval;
import ai.refinery.estimators.neural.PartitionTasks.Grad;
import ai.refinery.estimators.neural.PartitionTasks.Names;
import ai.refinery.estimators.neural.PartitionTasks.Snapshot;
import ai.refinery.estimators.neural.PartitionTasks.Stats;
import ai.refinery.estimators.run.FitIds;
import ai.refinery.estimators.run.SparkJobs;
import ai.refinery.estimators.run.TreeReduce;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop behind both neural estimators.
 *
 * <p>Data: the first pass checks every row (finite features of one size, valid labels and weights)
 * and computes the standardisation statistics (0/1 columns are left unscaled). The training rows
 * are then held as dense {@link Block}s (features, label, weight; not Rows), one of training and
 * one of validation rows per partition. The validation split is drawn per row from a generator
 * seeded by (seed, partition), so it is the same in every pass and in a resumed fit.
 *
 * <p>Schedules. With {@code syncInterval} 0 (default) and data within {@code singleTaskMaxMB}, the
 * first pass also keeps each partition's rows (when they fit its share of the budget) and the fit
 * trains in one task on the driver from those arrays: the input is read once, by one Spark job, and
 * no job runs per step or epoch. Otherwise a second pass builds the blocks on the partitions and
 * caches them, and each epoch is one Spark job of model averaging (below).
 *
 * <p>Steps: an epoch has {@code stepsPerEpoch = ceil(trainRows / batchSize)} steps; at step s every
 * partition takes the s-th of {@code stepsPerEpoch} equal slices of its rows in the epoch's seeded
 * order, so one global mini-batch is about {@code batchSize} rows spread over the partitions. The
 * single task runs exactly these batches, gathered into one, one step after the other. With {@code
 * syncInterval} 1 each step is one Spark job: the weights are broadcast, each partition returns its
 * slice's gradient sum, the sums are added in a fixed-order tree of depth {@code aggregationDepth}
 * ({@link TreeReduce}: executors combine groups of consecutive partitions when there are many, the
 * driver adds the rest in partition order, so results do not depend on task timing) and the driver
 * applies the optimizer. With k > 1 each job runs k steps: every partition updates its own copy of
 * the weights and optimizer state with its slices, and the driver averages the copies weighted by
 * the rows' weight (model averaging).
 *
 * <p>Validation after each epoch: a job over the cached validation blocks, or, when the validation
 * set is small (up to 2 million feature values), on the driver from a copy collected once, which
 * saves a Spark job per epoch and gives the same numbers.
 */
final class NeuralTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(NeuralTrainer.class);

  /** Validation sets up to this many feature values (16 MB) are evaluated on the driver. */
  private static final long LOCAL_EVAL_CELLS = 2_000_000L;

  /** The fitted network, the number of classes (1 for regression) and the summary. */
  record Result(NeuralModelData data, int numClasses, NeuralTrainingSummary summary) {}

  private final TrainConfig c;
  private final boolean classification;
  private final String source;
  private final String featuresCol;
  private final String labelCol;
  private final int labelMetadataClasses;

  /**
   * @param labelMetadataClasses number of classes the label column's ML metadata declares (as
   *     StringIndexer writes it), or 0; the classifier has at least that many outputs
   */
  NeuralTrainer(
      TrainConfig c,
      boolean classification,
      String source,
      String featuresCol,
      String labelCol,
      int labelMetadataClasses) {
    this.labelMetadataClasses = labelMetadataClasses;
    this.c = c;
    this.classification = classification;
    this.source = source;
    this.featuresCol = featuresCol;
    this.labelCol = labelCol;
  }

  Result fit(Dataset<?> dataset) {
    String fitId = FitIds.next("neural");
    SparkSession spark = dataset.sparkSession();
    return SparkJobs.describe(
        spark.sparkContext(), source + " " + fitId, () -> new Run(fitId, spark, dataset).train());
  }

  // ------------------------------------------------------------------ one fit

  private final class Run {
    final String fitId;
    final SparkSession spark;
    final Dataset<?> dataset;
    final long start = System.nanoTime();
    final String runKey = UUID.randomUUID().toString();

    Run(String fitId, SparkSession spark, Dataset<?> dataset) {
      this.fitId = fitId;
      this.spark = spark;
      this.dataset = dataset;
    }

    Result train() {
      LOG.info(
          "[{}] {} layers {} activation {} optimizer {} lr {} batchSize {} maxEpochs {}"
              + " syncInterval {} dropout {}/{} l1 {} l2 {} metric {} patience {}",
          fitId,
          source,
          Arrays.toString(c.hidden()),
          c.activation(),
          c.optimizer(),
          c.learningRate(),
          c.batchSize(),
          c.maxEpochs(),
          c.syncInterval(),
          c.inputDropout(),
          c.dropout(),
          c.l1(),
          c.l2(),
          c.validationMetric(),
          c.patience());
      JavaRDD<Row> rows = rows();
      TrainConfig cfg = c;
      boolean cls = classification;
      Names names = new Names(featuresCol, labelCol);
      // with the default schedule each partition also keeps its rows while they fit its share of
      // singleTaskMaxMB: a small fit then reads its rows once, in this one job
      double keepBytes =
          c.syncInterval() == 0
              ? c.singleTaskMaxMB() * 1024 * 1024 / Math.max(1, rows.getNumPartitions())
              : 0;
      List<PartitionTasks.Scan> scans =
          unwrap(
              () ->
                  rows.mapPartitionsWithIndex(
                          (idx, it) ->
                              Collections.singletonList(scan(idx, it, cfg, cls, names, keepBytes))
                                  .iterator(),
                          false)
                      .collect());
      Stats stats = merge(scans.stream().map(PartitionTasks.Scan::stats).toList(), names);
      int numClasses =
          classification
              ? Math.max(Math.max(2, labelMetadataClasses), (int) stats.maxLabel + 1)
              : 1;
      checkData(stats, numClasses);
      int[] sizes = sizes(stats.dim, numClasses);
      Network net = new Network(sizes, c.activation(), classification);

      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      Checkpoint ck = null;
      NeuralModelData initial = null;
      if (!c.resumeFrom().isEmpty()) {
        String path = c.resumeFrom();
        if (exists(path + "/metadata", hadoop) && exists(path + "/data", hadoop)) {
          initial = NeuralModelData.read(spark, path + "/data");
          checkArchitecture(
              path, initial.net.sizes, initial.net.activation, initial.net.classification, net);
        } else if (Checkpoint.exists(path, hadoop)) {
          ck = Checkpoint.read(path, hadoop);
          checkArchitecture(
              path, ck.sizes(), Activation.valueOf(ck.activation()), ck.classification(), net);
        } else {
          throw new IllegalArgumentException(
              String.format(
                  "Param resumeFrom is '%s' but it holds"
                      + " neither a checkpoint (epoch-NNNNN.json, written by checkpointDir) nor a saved"
                      + " neural model (metadata/ and data/). Fix the path or clear resumeFrom.",
                  path));
        }
      }

      double[] mean;
      double[] scale;
      double labelMean;
      double labelScale;
      if (ck != null) {
        mean = ck.featureMean();
        scale = ck.featureScale();
        labelMean = ck.labelMean();
        labelScale = ck.labelScale();
      } else if (initial != null) {
        mean = initial.featureMean;
        scale = initial.featureScale;
        labelMean = initial.labelMean;
        labelScale = initial.labelScale;
      } else {
        mean = new double[stats.dim];
        scale = new double[stats.dim];
        Arrays.fill(scale, 1.0);
        labelMean = 0;
        labelScale = 1;
        if (c.standardization()) {
          for (int j = 0; j < stats.dim; j++) {
            if (!stats.nonBinary[j]) {
              // a one-hot or indicator column (only 0 and 1 in the training rows) stays as it
              // is: standardised, a rare level would become a large input (1 / sqrt(p))
              continue;
            }
            mean[j] = stats.sum[j] / stats.nTrain;
            double var = stats.sumSq[j] / stats.nTrain - mean[j] * mean[j];
            scale[j] = var > 1e-24 ? Math.sqrt(var) : 1.0;
          }
          if (!classification) {
            labelMean = stats.ySum / stats.nTrain;
            double var = stats.ySumSq / stats.nTrain - labelMean * labelMean;
            labelScale = var > 1e-24 ? Math.sqrt(var) : 1.0;
          }
        }
      }

      double[] classW =
          c.classWeights() == null || c.classWeights().length == 0 ? null : c.classWeights();
      double lm = labelMean;
      double ls = labelScale;
      JavaRDD<Block.Pair> built =
          rows.mapPartitionsWithIndex(
              (idx, it) ->
                  Collections.singletonList(
                          build(idx, it, cfg, cls, names, mean, scale, lm, ls, classW))
                      .iterator(),
              false);
      if (singleTask(stats)) {
        // the rows fit comfortably in one task: dense arrays on the driver, trained there with
        // no Spark job per step or epoch
        List<Block.Pair> parts;
        if (scans.stream().allMatch(s -> s.raw() != null)) {
          parts = new ArrayList<>();
          for (PartitionTasks.Scan s : scans) {
            parts.add(PartitionTasks.finish(s.raw(), cls, mean, scale, lm, ls, classW));
          }
        } else {
          parts = unwrap(built::collect);
        }
        return loop(
            null, parts, net, stats, numClasses, ck, initial, mean, scale, labelMean, labelScale);
      }
      JavaRDD<Block.Pair> blocks = built.persist(StorageLevel.MEMORY_AND_DISK());
      try {
        unwrap(blocks::count);
        return loop(
            blocks, null, net, stats, numClasses, ck, initial, mean, scale, labelMean, labelScale);
      } finally {
        blocks.unpersist(false);
      }
    }

    /** True when the default schedule trains in one task: the training rows are small enough. */
    private boolean singleTask(Stats stats) {
      double bytes = 8.0 * (stats.nTrain + stats.nVal) * Math.max(1, stats.dim + 2);
      return c.syncInterval() == 0 && bytes <= c.singleTaskMaxMB() * 1024 * 1024;
    }

    private Result loop(
        JavaRDD<Block.Pair> blocks,
        List<Block.Pair> local,
        Network net,
        Stats stats,
        int numClasses,
        Checkpoint ck,
        NeuralModelData initial,
        double[] mean,
        double[] scale,
        double labelMean,
        double labelScale) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      int steps =
          (int) Math.min(Integer.MAX_VALUE, (stats.nTrain + c.batchSize() - 1) / c.batchSize());
      boolean validates = c.validates();
      boolean maximise = c.maximise();
      String metricName = validates ? c.validationMetric() : "train_loss";
      int sync = c.syncInterval() == 0 ? steps : c.syncInterval();
      String mode =
          local != null
              ? "single task (no Spark job per step or epoch)"
              : sync == 1
                  ? "exact mini-batch SGD (one Spark job per step)"
                  : "model averaging every " + Math.min(sync, steps) + " local steps";
      LOG.info(
          "[{}] {} training rows, {} validation rows, {} features, {} steps per epoch,"
              + " {} parameters; {}",
          fitId,
          stats.nTrain,
          stats.nVal,
          stats.dim,
          steps,
          net.numParams,
          mode);

      double[] w;
      Optimizer.State opt;
      int epoch0 = 0;
      long step = 0;
      double[] bestW = null;
      double best = Double.NaN;
      int bestEpoch = 0;
      int wait = 0;
      List<EpochRecord> history = new ArrayList<>();
      if (ck != null) {
        w = ck.weights();
        opt = new Optimizer.State(ck.optM(), ck.optV(), ck.optT());
        epoch0 = ck.epochsDone();
        step = ck.globalStep();
        bestW = ck.bestWeights();
        best = ck.bestMetric() == null ? Double.NaN : ck.bestMetric();
        bestEpoch = ck.bestEpoch();
        wait = ck.epochsWithoutImprovement();
        history.addAll(ck.history());
        LOG.info("[{}] resuming after epoch {} from {}", fitId, epoch0, c.resumeFrom());
      } else {
        w = initial != null ? initial.weights.clone() : net.init(c.seed());
        opt = Optimizer.newState(c, net.numParams);
      }

      // a small validation set is evaluated on the driver: one Spark job less per epoch
      List<Block> localVal;
      List<Block> localTrain = null;
      int[] localParts = null;
      Network.Work wk = null;
      double[] grad = null;
      if (local != null) {
        localVal = new ArrayList<>();
        localTrain = new ArrayList<>();
        localParts = new int[local.size()];
        for (int i = 0; i < local.size(); i++) {
          localVal.add(local.get(i).validation());
          localTrain.add(local.get(i).train());
          localParts[i] = local.get(i).partition();
        }
        wk = net.work(PartitionTasks.localCapacity(localTrain, steps));
        grad = new double[net.numParams];
      } else {
        localVal =
            validates && stats.nVal * (long) Math.max(1, stats.dim) <= LOCAL_EVAL_CELLS
                ? unwrap(() -> blocks.map(Block.Pair::validation).collect())
                : null;
      }
      StopReason reason = StopReason.MAX_EPOCHS;
      int epoch = epoch0;
      boolean stopped = epoch0 >= c.maxEpochs();
      while (!stopped && epoch < c.maxEpochs()) {
        long t0 = System.nanoTime();
        double lossSum = 0;
        double weightSum = 0;
        long rowsDone = 0;
        double lr = c.learningRate(step, steps);
        boolean outOfTime = false;
        int[][] perms = null;
        if (local != null) {
          perms = new int[localTrain.size()][];
          for (int i = 0; i < perms.length; i++) {
            perms[i] = Permutations.of(localParts[i], epoch, localTrain.get(i).n, c.seed());
          }
        }
        for (int s = 0; local != null && s < steps && !outOfTime; s++) {
          lr = c.learningRate(step, steps);
          Grad g =
              PartitionTasks.localGrad(localTrain, perms, c, net, w, wk, grad, epoch, s, steps);
          if (g.weight > 0) {
            for (int i = 0; i < grad.length; i++) {
              grad[i] /= g.weight;
            }
            Optimizer.step(c, net, w, grad, opt, lr);
          }
          lossSum += g.loss;
          weightSum += g.weight;
          rowsDone += g.rows;
          step++;
          outOfTime = outOfTime();
        }
        for (int s = 0; local == null && s < steps && !outOfTime; ) {
          int h = Math.min(sync, steps - s);
          double[] lrs = new double[h];
          for (int j = 0; j < h; j++) {
            lrs[j] = c.learningRate(step + j, steps);
          }
          lr = lrs[h - 1];
          if (sync == 1) {
            Grad g = gradientStep(jsc, blocks, net, w, epoch, s, steps);
            if (g.weight > 0) {
              for (int i = 0; i < g.grad.length; i++) {
                g.grad[i] /= g.weight;
              }
              Optimizer.step(c, net, w, g.grad, opt, lrs[0]);
            }
            lossSum += g.loss;
            weightSum += g.weight;
            rowsDone += g.rows;
          } else {
            Avg a = averageSteps(jsc, blocks, net, w, opt, epoch, s, h, steps, lrs);
            if (a.weight > 0) {
              w = a.weights;
              opt = a.state;
            }
            lossSum += a.loss;
            weightSum += a.weight;
            rowsDone += a.rows;
          }
          s += h;
          step += h;
          outOfTime = outOfTime();
        }
        Eval ev =
            validates
                ? evaluate(jsc, blocks, localVal, net, w, labelMean, labelScale, numClasses)
                : null;
        double trainLoss = weightSum > 0 ? lossSum / weightSum : Double.NaN;
        double valLoss = ev == null ? Double.NaN : ev.loss / ev.weight;
        double value = ev == null ? trainLoss : metric(ev);
        epoch++;
        boolean improved =
            Double.isNaN(best)
                || (maximise ? value > best + c.minDelta() : value < best - c.minDelta());
        if (improved) {
          best = value;
          bestEpoch = epoch;
          wait = 0;
          if (validates && c.restoreBestWeights()) {
            bestW = w.clone();
          }
        } else {
          wait++;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        EpochRecord rec =
            new EpochRecord(
                epoch,
                trainLoss,
                valLoss,
                ev == null ? Double.NaN : value,
                lr,
                secs,
                rowsDone / Math.max(secs, 1e-9));
        history.add(rec);
        LOG.info(
            "[{}] epoch {} of {}: train loss {} val loss {} {} {} (best {} at epoch {})"
                + " lr {} {}s",
            fitId,
            epoch,
            c.maxEpochs(),
            fmt(trainLoss),
            fmt(valLoss),
            metricName,
            fmt(value),
            fmt(best),
            bestEpoch,
            fmt(lr),
            fmt(secs));
        if (!c.checkpointDir().isEmpty() && epoch % c.checkpointInterval() == 0) {
          new Checkpoint(
                  Checkpoint.VERSION,
                  net.sizes,
                  net.activation.name(),
                  classification,
                  epoch,
                  step,
                  steps,
                  w,
                  opt.m,
                  opt.v,
                  opt.t,
                  bestW,
                  Double.isNaN(best) ? null : best,
                  bestEpoch,
                  wait,
                  history,
                  mean,
                  scale,
                  labelMean,
                  labelScale)
              .write(c.checkpointDir(), spark.sparkContext().hadoopConfiguration());
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("train_loss", trainLoss);
        if (validates) {
          m.put("validation_loss", valLoss);
          m.put("validation_" + metricName, value);
        }
        m.put("learning_rate", lr);
        m.put("epoch_seconds", secs);
        m.put("rows_per_second", rec.rowsPerSecond());
        Decision d =
            TrainingListeners.emit(
                TrainingEvent.step(fitId, source, StepKind.EPOCH, epoch, c.maxEpochs(), m));
        if (outOfTime) {
          reason = StopReason.MAX_RUNTIME;
          stopped = true;
        } else if (d == Decision.STOP) {
          reason = StopReason.LISTENER;
          stopped = true;
        } else if (validates && c.patience() > 0 && wait >= c.patience()) {
          reason = StopReason.EARLY_STOPPING;
          stopped = true;
        } else if (outOfTime()) {
          reason = StopReason.MAX_RUNTIME;
          stopped = true;
        }
      }
      if (bestW != null && validates && c.restoreBestWeights()) {
        w = bestW;
      } else {
        bestEpoch = epoch;
        best =
            history.isEmpty()
                ? Double.NaN
                : validates
                    ? history.get(history.size() - 1).validationMetric()
                    : history.get(history.size() - 1).trainLoss();
      }
      LOG.info(
          "[{}] stopped after {} epochs: {}; keeping epoch {} ({} {})",
          fitId,
          epoch,
          reason.label(),
          bestEpoch,
          metricName,
          fmt(best));
      Map<String, Double> fin = new LinkedHashMap<>();
      fin.put("best_" + metricName, best);
      fin.put("best_epoch", (double) bestEpoch);
      TrainingListeners.emit(
          TrainingEvent.finished(
              fitId, source, StepKind.EPOCH, epoch, c.maxEpochs(), fin, reason.label()));
      NeuralModelData data = new NeuralModelData(net, w, mean, scale, labelMean, labelScale);
      NeuralTrainingSummary summary =
          new NeuralTrainingSummary(
              fitId, history, reason, bestEpoch, metricName, best, steps, stats.nTrain, stats.nVal);
      return new Result(data, numClasses, summary);
    }

    private boolean outOfTime() {
      return c.maxRuntimeSeconds() > 0
          && (System.nanoTime() - start) / 1e9 >= c.maxRuntimeSeconds();
    }

    private JavaRDD<Row> rows() {
      Column w =
          c.hasWeightCol() ? functions.col(c.weightCol()).cast("double") : functions.lit(1.0);
      Column v =
          c.hasIndicator()
              ? functions.col(c.validationIndicatorCol()).cast("boolean")
              : functions.lit(false);
      return HoldOut.mark(
              dataset.select(
                  functions.col(featuresCol).as("f"),
                  functions.col(labelCol).cast("double").as("y"),
                  w.as("w"),
                  v.as("v")),
              c)
          .toJavaRDD();
    }

    private void checkData(Stats s, int numClasses) {
      if (s.nTrain == 0) {
        throw new IllegalArgumentException(
            String.format(
                "%s has no training rows: the input"
                    + " has %d rows%s. Give it data or lower validationFraction.",
                source, s.nTrain + s.nVal, s.nVal > 0 ? ", all of them validation rows" : ""));
      }
      if (c.validates() && s.nVal == 0) {
        throw new IllegalArgumentException(
            c.hasIndicator()
                ? String.format(
                    "The validation set is empty: column '%s' (param"
                        + " validationIndicatorCol) is true on none of the %d rows. Mark some rows true"
                        + " or clear validationIndicatorCol.",
                    c.validationIndicatorCol(), s.nTrain)
                : String.format(
                    "The validation set is empty: validationFraction %s selected none"
                        + " of the %d rows. Raise validationFraction, set validationIndicatorCol, or set"
                        + " validationFraction to 0 to train without validation.",
                    c.validationFraction(), s.nTrain));
      }
      if (classification
          && c.classWeights() != null
          && c.classWeights().length > 0
          && c.classWeights().length != numClasses) {
        throw new IllegalArgumentException(
            String.format(
                "Param classWeights has %d weights but"
                    + " column '%s' (param labelCol) has %d classes (0..%d). Give one weight per class.",
                c.classWeights().length, labelCol, numClasses, numClasses - 1));
      }
      if (classification && c.validationMetric().equals("auc") && numClasses > 2) {
        throw new IllegalArgumentException(
            String.format(
                "validationMetric auc needs a binary"
                    + " label but column '%s' (param labelCol) has %d classes. Use accuracy or loss.",
                labelCol, numClasses));
      }
    }

    private int[] sizes(int dim, int numClasses) {
      int[] s = new int[c.hidden().length + 2];
      s[0] = dim;
      System.arraycopy(c.hidden(), 0, s, 1, c.hidden().length);
      s[s.length - 1] = classification ? numClasses : 1;
      return s;
    }

    private void checkArchitecture(
        String path, int[] sizes, Activation act, boolean cls, Network net) {
      if (!Arrays.equals(sizes, net.sizes) || act != net.activation || cls != net.classification) {
        throw new IllegalArgumentException(
            String.format(
                "The checkpoint or model at '%s' (param"
                    + " resumeFrom) has a different architecture: layers %s (input, hidden..., output)"
                    + ", activation %s, %s; this fit builds layers %s, activation %s, %s. Set hiddenLayers"
                    + " and activation to match it (the input size comes from featuresCol, the output"
                    + " size from the label), or clear resumeFrom.",
                path,
                Arrays.toString(sizes),
                act.name().toLowerCase(),
                cls ? "classification" : "regression",
                Arrays.toString(net.sizes),
                net.activation.name().toLowerCase(),
                net.classification ? "classification" : "regression"));
      }
    }

    private boolean exists(String path, Configuration conf) {
      try {
        Path p = new Path(path);
        return p.getFileSystem(conf).exists(p);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    // ---------------------------------------------------------------- jobs

    private Grad gradientStep(
        JavaSparkContext jsc,
        JavaRDD<Block.Pair> blocks,
        Network net,
        double[] w,
        int epoch,
        int s,
        int steps) {
      TrainConfig cfg = c;
      String run = runKey;
      Grad total =
          withBroadcast(
              jsc,
              w,
              bw ->
                  TreeReduce.reduce(
                      perBlock(
                          blocks, b -> gradTask(b, cfg, net, bw.value(), run, epoch, s, steps)),
                      cfg.aggregationDepth(),
                      PartitionTasks::addGrad));
      return total == null || total.rows == 0
          ? new Grad(new double[net.numParams], 0, 0, 0)
          : total;
    }

    private Avg averageSteps(
        JavaSparkContext jsc,
        JavaRDD<Block.Pair> blocks,
        Network net,
        double[] w,
        Optimizer.State opt,
        int epoch,
        int s0,
        int h,
        int steps,
        double[] lrs) {
      TrainConfig cfg = c;
      String run = runKey;
      // each partition's model and optimizer state weighted by its rows' weight, summed in a
      // fixed-order tree, divided by the total weight
      Avg sum =
          withBroadcast(
              jsc,
              new Snapshot(w, opt),
              b ->
                  TreeReduce.reduce(
                      perBlock(
                          blocks,
                          p ->
                              PartitionTasks.weighted(
                                  avgTask(p, cfg, net, b.value(), run, epoch, s0, h, steps, lrs))),
                      cfg.aggregationDepth(),
                      PartitionTasks::addAvg));
      double[] nw = new double[w.length];
      Optimizer.State ns =
          new Optimizer.State(new double[opt.m.length], new double[opt.v.length], opt.t + h);
      Avg out = new Avg(nw, ns, 0, 0, 0);
      if (sum != null && sum.weight > 0) {
        double f = 1.0 / sum.weight;
        axpy(f, sum.weights, nw);
        axpy(f, sum.state.m, ns.m);
        axpy(f, sum.state.v, ns.v);
        out.loss = sum.loss;
        out.weight = sum.weight;
        out.rows = sum.rows;
      }
      return out;
    }

    private Eval evaluate(
        JavaSparkContext jsc,
        JavaRDD<Block.Pair> blocks,
        List<Block> localVal,
        Network net,
        double[] w,
        double labelMean,
        double labelScale,
        int numClasses) {
      boolean scores = classification && numClasses == 2;
      if (localVal != null) {
        List<Eval> parts = new ArrayList<>();
        for (Block b : localVal) {
          parts.add(evalTask(b, net, w, scores, labelMean, labelScale));
        }
        return mergeEval(parts, scores);
      }
      return withBroadcast(
          jsc,
          w,
          bw ->
              mergeEval(
                  perBlock(
                          blocks,
                          b ->
                              evalTask(
                                  b.validation(), net, bw.value(), scores, labelMean, labelScale))
                      .collect(),
                  scores));
    }

    /** Runs {@code body} with {@code value} broadcast; destroys the broadcast afterwards. */
    private static <T, R> R withBroadcast(
        JavaSparkContext jsc, T value, java.util.function.Function<Broadcast<T>, R> body) {
      Broadcast<T> b = jsc.broadcast(value);
      try {
        return body.apply(b);
      } finally {
        b.destroy(false);
      }
    }

    /** {@code task}'s result for each partition's block (one block a partition), where it lives. */
    private static <T> JavaRDD<T> perBlock(
        JavaRDD<Block.Pair> blocks, Function<Block.Pair, T> task) {
      return blocks.mapPartitions(it -> Collections.singletonList(task.call(it.next())).iterator());
    }

    /** Adds the partitions' sums in partition order. */
    private Eval mergeEval(List<Eval> parts, boolean scores) {
      Eval e = new Eval();
      List<double[]> s = new ArrayList<>();
      for (Eval p : parts) {
        e.add(p);
        if (p.scores != null) {
          s.add(p.scores);
          s.add(p.labels);
          s.add(p.weights);
        }
      }
      if (scores) {
        e.scores = concat(s, 0);
        e.labels = concat(s, 1);
        e.weights = concat(s, 2);
      }
      return e;
    }

    private double metric(Eval e) {
      return switch (c.validationMetric()) {
        case "loss" -> e.loss / e.weight;
        case "accuracy" -> e.correct / e.weight;
        case "auc" -> RocAuc.weighted(e.scores, e.labels, e.weights);
        case "rmse" -> Math.sqrt(e.sqErr / e.weight);
        case "mae" -> e.absErr / e.weight;
        case "r2" -> {
          double ss = e.ySq - e.ySum * e.ySum / e.weight;
          yield ss > 0 ? 1 - e.sqErr / ss : Double.NaN;
        }
        default -> throw new IllegalStateException(c.validationMetric());
      };
    }
  }

  // ------------------------------------------------------------------ helpers

  private static double[] concat(List<double[]> triples, int which) {
    int n = 0;
    for (int i = which; i < triples.size(); i += 3) {
      n += triples.get(i).length;
    }
    double[] out = new double[n];
    int off = 0;
    for (int i = which; i < triples.size(); i += 3) {
      double[] a = triples.get(i);
      System.arraycopy(a, 0, out, off, a.length);
      off += a.length;
    }
    return out;
  }

  private static String fmt(double v) {
    return String.format("%.5g", v);
  }

  /** Runs a Spark action, rethrowing a task's IllegalArgumentException (a data error) as itself. */
  static <T> T unwrap(Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof IllegalArgumentException iae) {
          throw iae;
        }
      }
      throw NeuralTrainer.<RuntimeException>sneaky(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> E sneaky(Exception e) throws E {
    throw (E) e;
  }
}
