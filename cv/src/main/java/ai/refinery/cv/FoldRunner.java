package ai.refinery.cv;

import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.run.ExecutionChoice;
import ai.refinery.estimators.run.ExecutionMode;
import ai.refinery.estimators.run.LocalFittable;
import ai.refinery.estimators.run.ParallelRunner;
import ai.refinery.estimators.run.SparkJobs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fold loop of the cross-validator, the tuner and stacking: fits every {@link Fit} on the
 * training rows of every fold of a fold-assigned dataset (and, optionally, on all rows alongside),
 * scores it on the fold's held-out rows, and returns the results in fold order.
 *
 * <p>Fits run through {@link ParallelRunner}, {@code parallelism} at a time (and within a shared
 * {@link FitSlots} budget when given one), fold-major. A fold's training and validation rows are
 * filtered views of the input, or cached once for all its fits ({@link #cacheSplits}) and
 * unpersisted as soon as its last fit is done. Folds are reported in fold order to the {@link
 * FoldListener} once all their fits are done; a STOP skips the fits not yet started, and the result
 * then holds exactly the folds reported up to the STOP, so results do not depend on the
 * parallelism. A failing fit fails the run with the fit, the fold and the cause in the message.
 *
 * <p>With {@link #repeats} (repeated folds), split {@code s} is fold {@code s % k} of repeat {@code
 * s / k}.
 *
 * <p>Where each fit runs ({@link #execution}): by default every fit is the estimator's own
 * (distributed) {@code fit}. With {@link ExecutionMode#LOCAL}, or {@link ExecutionMode#AUTO} and
 * rows x features of the largest fit (one repeat's rows) within the budget, a {@link LocalFittable}
 * estimator fits each fold's training rows gathered into one Spark task instead; the choice is made
 * once per fit before any fit starts and logged once per run.
 */
public final class FoldRunner {
  private static final Logger LOG = LoggerFactory.getLogger(FoldRunner.class);

  /**
   * One estimator with its param map, fitted on every fold. {@code label} names it in Spark job
   * descriptions ("params 2/8"); {@code name} in errors (null: the run id and the label).
   */
  public record Fit(Estimator<?> estimator, ParamMap params, String label, String name) {
    public Fit(Estimator<?> estimator, ParamMap params, String label) {
      this(estimator, params, label, null);
    }
  }

  /** What a fold's fits produced, in the order of the fits. */
  public record FoldResult(int split, int done, double[] metrics, List<Model<?>> models) {
    /** The metric of fit {@code fit} on this fold (NaN without an evaluator). */
    public double metric(int fit) {
      return metrics[fit];
    }
  }

  /** Hears of each fold, in fold order, once all its fits are done; STOP ends the run early. */
  @FunctionalInterface
  public interface FoldListener {
    Decision foldDone(FoldResult fold);
  }

  /**
   * Hears of each fit as it ends, on the thread that ran it, in completion order; {@code split} is
   * -1 for a fit on all rows.
   */
  @FunctionalInterface
  public interface FitListener {
    void fitted(int split, int fit, Model<?> model);
  }

  /** Turns the held-out rows of one fold into out-of-fold output with that fold's models. */
  @FunctionalInterface
  public interface FoldScorer {
    Dataset<Row> score(int split, Dataset<Row> validation, List<Model<?>> models);
  }

  private final Dataset<Row> folded;
  private final String foldCol;
  private final int numFolds;
  private String repeatCol;
  private int numRepeats = 1;
  private List<Fit> fits = List.of();
  private Evaluator evaluator;
  private int parallelism = 1;
  private FitSlots.Lane lane;
  private boolean cacheSplits;
  private Dataset<Row> all;
  private int[] refits = new int[0];
  private String runId = "folds";
  private String jobPrefix = "";
  private FoldListener foldListener = f -> Decision.CONTINUE;
  private FitListener fitListener = (s, f, m) -> {};
  private ExecutionMode mode = ExecutionMode.DISTRIBUTED;
  private long localBudget;
  private ExecutionChoice[] choices;

  private FoldRunner(Dataset<Row> folded, String foldCol, int numFolds) {
    this.folded = folded;
    this.foldCol = foldCol;
    this.numFolds = numFolds;
  }

  /** A runner over {@code folded}, whose {@code foldCol} holds fold numbers 0..numFolds-1. */
  public static FoldRunner over(Dataset<Row> folded, String foldCol, int numFolds) {
    if (numFolds < 2) {
      throw new IllegalArgumentException("numFolds must be >= 2 but is " + numFolds);
    }
    return new FoldRunner(folded, foldCol, numFolds);
  }

  /** Repeated folds: {@code repeatCol} holds the repeat 0..numRepeats-1 of each row copy. */
  public FoldRunner repeats(String repeatCol, int numRepeats) {
    this.repeatCol = numRepeats > 1 ? repeatCol : null;
    this.numRepeats = numRepeats > 1 ? numRepeats : 1;
    return this;
  }

  public FoldRunner fits(List<Fit> value) {
    this.fits = List.copyOf(value);
    return this;
  }

  /** Scores each fold's model on its held-out rows; unset: no metrics (NaN). */
  public FoldRunner evaluator(Evaluator value) {
    this.evaluator = value;
    return this;
  }

  public FoldRunner parallelism(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1 but is " + value);
    }
    this.parallelism = value;
    return this;
  }

  /** Every fit of this run takes a slot of {@code value}'s budget first. */
  public FoldRunner slots(FitSlots.Lane value) {
    this.lane = value;
    return this;
  }

  /** Caches each fold's training and validation rows once for all its fits. */
  public FoldRunner cacheSplits(boolean value) {
    this.cacheSplits = value;
    return this;
  }

  /** Also fits the given fits on {@code rows} (all data), alongside the folds, never skipped. */
  public FoldRunner refitOn(Dataset<Row> rows, int... fitIndices) {
    this.all = rows;
    this.refits = fitIndices.clone();
    return this;
  }

  /** The id in log lines and errors ({@code cv-3}). */
  public FoldRunner runId(String value) {
    this.runId = value;
    return this;
  }

  /** Spark job descriptions read "{prefix} fold 2/5, {label}". */
  public FoldRunner describeJobs(String prefix) {
    this.jobPrefix = prefix;
    return this;
  }

  /**
   * Where the fits run: {@code mode} and, for {@link ExecutionMode#AUTO}, the rows x features
   * budget of a local fit. Unset: {@link ExecutionMode#DISTRIBUTED} (each estimator's own fit).
   */
  public FoldRunner execution(ExecutionMode value, long rowsTimesFeaturesBudget) {
    this.mode = value;
    this.localBudget = rowsTimesFeaturesBudget;
    this.choices = null;
    return this;
  }

  /** Where fit {@code fit} runs and why (chosen on first use, then kept for the run). */
  public synchronized ExecutionChoice choice(int fit) {
    if (choices == null) {
      choices = choose();
    }
    return choices[fit];
  }

  /**
   * Fits fit {@code fit} on {@code rows} where {@link #choice} says (one task or the estimator's
   * own fit); for a refit outside {@link #run}.
   */
  public Model<?> fit(int fit, Dataset<Row> rows) {
    Fit x = fits.get(fit);
    if (choice(fit).local()) {
      return ((LocalFittable) x.estimator().copy(x.params())).fitInOneTask(rows);
    }
    return (Model<?>) x.estimator().fit(rows, x.params());
  }

  private ExecutionChoice[] choose() {
    ExecutionChoice[] out = new ExecutionChoice[fits.size()];
    ExecutionChoice.Size[] size = {null};
    for (int f = 0; f < out.length; f++) {
      Fit x = fits.get(f);
      Estimator<?> e =
          mode == ExecutionMode.DISTRIBUTED ? x.estimator() : x.estimator().copy(x.params());
      out[f] =
          ExecutionChoice.choose(
              mode,
              localBudget,
              e,
              () -> {
                if (size[0] == null) {
                  Dataset<Row> largest =
                      all != null
                          ? all
                          : repeatCol == null
                              ? folded
                              : folded.filter(functions.col(repeatCol).equalTo(0));
                  size[0] = ExecutionChoice.size(largest, ((LocalFittable) e).localFeaturesCol());
                }
                return size[0];
              });
    }
    if (mode != ExecutionMode.DISTRIBUTED) {
      java.util.Map<String, List<String>> byChoice = new java.util.LinkedHashMap<>();
      boolean fellBack = false;
      for (int f = 0; f < out.length; f++) {
        String k =
            (out[f].local() ? "one task each" : "distributed") + " (" + out[f].reason() + ")";
        byChoice.computeIfAbsent(k, z -> new ArrayList<>()).add(fits.get(f).label());
        fellBack |= mode == ExecutionMode.LOCAL && !out[f].local();
      }
      StringBuilder msg = new StringBuilder();
      for (java.util.Map.Entry<String, List<String>> en : byChoice.entrySet()) {
        if (msg.length() > 0) {
          msg.append("; ");
        }
        msg.append(byChoice.size() == 1 ? "fits" : String.join(", ", en.getValue()))
            .append(": ")
            .append(en.getKey());
      }
      if (fellBack) {
        LOG.warn("[{}] {}", runId, msg);
      } else {
        LOG.info("[{}] {}", runId, msg);
      }
    }
    return out;
  }

  public FoldRunner onFold(FoldListener value) {
    this.foldListener = value;
    return this;
  }

  public FoldRunner onFit(FitListener value) {
    this.fitListener = value;
    return this;
  }

  public int numSplits() {
    return numRepeats * numFolds;
  }

  /** Runs every fit; see the class comment. */
  public Result run() {
    if (fits.isEmpty()) {
      throw new IllegalArgumentException("FoldRunner needs at least one fit");
    }
    int splits = numSplits();
    int n = fits.size();
    SparkContext sc = folded.sparkSession().sparkContext();
    Split[] parts = new Split[splits];
    for (int s = 0; s < splits; s++) {
      parts[s] = new Split(s, n);
    }
    double[][] metrics = new double[n][splits];
    for (double[] row : metrics) {
      Arrays.fill(row, Double.NaN);
    }
    Model<?>[][] models = new Model<?>[n][splits];
    Model<?>[] refitted = new Model<?>[n];
    Progress progress = new Progress(splits, metrics, models);
    for (int f = 0; f < n; f++) {
      choice(f); // chosen (and logged) once, before any fit starts
    }
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int s = 0; s < splits; s++) {
      for (int f = 0; f < n; f++) {
        int split = s;
        int fit = f;
        tasks.add(
            () -> {
              if (progress.stopped.get()) {
                return null;
              }
              Split d = parts[split];
              Fit x = fits.get(fit);
              boolean ok = false;
              try {
                double[] metric = {Double.NaN};
                Model<?> model =
                    inSlot(
                        () -> {
                          if (progress.stopped.get()) {
                            return null;
                          }
                          return SparkJobs.describe(
                              sc,
                              description(split, x),
                              () -> {
                                d.cache();
                                Model<?> m = fit(fit, d.train());
                                if (evaluator != null) {
                                  metric[0] =
                                      evaluator.evaluate(m.transform(d.valid(), x.params()));
                                }
                                return m;
                              });
                        },
                        x,
                        where(split));
                if (model == null) {
                  return null;
                }
                LOG.debug("[{}] {} {}: {}", runId, where(split), x.label(), metric[0]);
                synchronized (progress) {
                  metrics[fit][split] = metric[0];
                  models[fit][split] = model;
                }
                ok = true;
                fitListener.fitted(split, fit, model);
                return null;
              } finally {
                if (d.release()) {
                  progress.splitDone(split, ok);
                } else if (!ok) {
                  progress.failed(split);
                }
              }
            });
      }
    }
    for (int f : refits) {
      Fit x = fits.get(f);
      tasks.add(
          () -> {
            Model<?> m =
                inSlot(
                    () ->
                        SparkJobs.describe(
                            sc, prefixed("refit " + x.label() + " on all data"), () -> fit(f, all)),
                    x,
                    "refit on all rows");
            refitted[f] = m;
            fitListener.fitted(-1, f, m);
            return null;
          });
    }
    try {
      ParallelRunner.run(parallelism, tasks);
    } finally {
      for (Split d : parts) {
        d.unpersist();
      }
    }
    return progress.result(refitted);
  }

  private Model<?> inSlot(Callable<Model<?>> body, Fit x, String where) {
    try {
      return lane == null ? body.call() : lane.call(body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "[" + runId + "] interrupted while waiting for a fit slot", e);
    } catch (Exception e) {
      String name = x.name() != null ? x.name() : "[" + runId + "] " + x.label();
      throw new IllegalStateException(
          String.format("%s failed (%s): %s", name, where, e.getMessage()), e);
    }
  }

  private String where(int split) {
    int fold = split % numFolds;
    String f = "fold " + (fold + 1) + " of " + numFolds;
    return numRepeats > 1 ? "repeat " + (split / numFolds + 1) + " of " + numRepeats + ", " + f : f;
  }

  private String description(int split, Fit x) {
    String r =
        numRepeats > 1 ? String.format("repeat %d/%d, ", split / numFolds + 1, numRepeats) : "";
    return prefixed(r + String.format("fold %d/%d, ", split % numFolds + 1, numFolds) + x.label());
  }

  private String prefixed(String text) {
    return jobPrefix.isEmpty() ? text : jobPrefix + " " + text;
  }

  /**
   * A view of a cached source that is not itself registered as cached, so an estimator that caches
   * its uncached input (Spark ML's handlePersistence) caches its own working form; reading it still
   * uses the source's cache.
   */
  public static Dataset<Row> view(Dataset<Row> source) {
    return source.filter(functions.lit(true));
  }

  /** Rows of split {@code split}'s held-out fold. */
  Column inFold(int split) {
    Column in = functions.col(foldCol).equalTo(split % numFolds);
    return repeatCol == null ? in : in.and(functions.col(repeatCol).equalTo(split / numFolds));
  }

  /** The held-out rows of split {@code split} (an uncached view of the input). */
  public Dataset<Row> validation(int split) {
    return folded.filter(inFold(split));
  }

  /** The training rows of split {@code split}: its repeat's rows outside the held-out fold. */
  public Dataset<Row> training(int split) {
    Column out = functions.not(inFold(split));
    return folded.filter(
        repeatCol == null ? out : functions.col(repeatCol).equalTo(split / numFolds).and(out));
  }

  /** One split's training and validation rows, cached on first use, released after all fits. */
  private final class Split {
    private final int split;
    private int remaining;
    private Dataset<Row> train;
    private Dataset<Row> valid;

    Split(int split, int numFits) {
      this.split = split;
      this.remaining = numFits;
    }

    synchronized void cache() {
      if (train == null) {
        train = training(split);
        valid = validation(split);
        if (cacheSplits) {
          train = train.persist(StorageLevel.MEMORY_AND_DISK());
          valid = valid.persist(StorageLevel.MEMORY_AND_DISK());
        }
      }
    }

    synchronized Dataset<Row> train() {
      return train;
    }

    synchronized Dataset<Row> valid() {
      return valid;
    }

    /** True when this was the split's last fit: its caches are dropped. */
    synchronized boolean release() {
      remaining--;
      if (remaining == 0) {
        unpersist();
        return true;
      }
      return false;
    }

    synchronized void unpersist() {
      if (train != null && cacheSplits) {
        train.unpersist();
        valid.unpersist();
      }
      train = null;
      valid = null;
    }
  }

  /** Fold completion in fold order, the listener and STOP. */
  private final class Progress {
    final AtomicBoolean stopped = new AtomicBoolean(false);
    private final double[][] metrics;
    private final Model<?>[][] models;
    private final boolean[] finished;
    private final boolean[] broken;
    private final boolean[] complete;
    private int next;
    private int done;

    Progress(int splits, double[][] metrics, Model<?>[][] models) {
      this.metrics = metrics;
      this.models = models;
      this.finished = new boolean[splits];
      this.broken = new boolean[splits];
      this.complete = new boolean[splits];
    }

    synchronized void failed(int split) {
      broken[split] = true;
    }

    /** All fits of {@code split} ended ({@code ok}: the last one succeeded). */
    synchronized void splitDone(int split, boolean ok) {
      if (!ok || broken[split]) {
        broken[split] = true;
        return; // a fit of this split was skipped or failed: the split does not count
      }
      finished[split] = true;
      while (!stopped.get() && next < finished.length && finished[next]) {
        int s = next++;
        complete[s] = true;
        done++;
        double[] m = new double[metrics.length];
        List<Model<?>> ms = new ArrayList<>();
        for (int f = 0; f < metrics.length; f++) {
          m[f] = metrics[f][s];
          ms.add(models[f][s]);
        }
        if (foldListener.foldDone(new FoldResult(s, done, m, List.copyOf(ms))) == Decision.STOP) {
          stopped.set(true);
        }
      }
    }

    synchronized Result result(Model<?>[] refitted) {
      double[][] ms = new double[metrics.length][];
      Model<?>[][] mods = new Model<?>[metrics.length][];
      for (int f = 0; f < metrics.length; f++) {
        ms[f] = metrics[f].clone();
        mods[f] = models[f].clone();
        for (int s = 0; s < complete.length; s++) {
          if (!complete[s]) {
            // folds after a STOP that happened to run are dropped: the result is what a
            // sequential run would have produced
            ms[f][s] = Double.NaN;
            mods[f][s] = null;
          }
        }
      }
      return new Result(ms, mods, complete.clone(), done, refitted.clone());
    }
  }

  /** Per-fold results in fold order. */
  public final class Result {
    private final double[][] metrics;
    private final Model<?>[][] models;
    private final boolean[] complete;
    private final int numComplete;
    private final Model<?>[] refitted;

    private Result(
        double[][] metrics,
        Model<?>[][] models,
        boolean[] complete,
        int numComplete,
        Model<?>[] refitted) {
      this.metrics = metrics;
      this.models = models;
      this.complete = complete;
      this.numComplete = numComplete;
      this.refitted = refitted;
    }

    /** Metrics by fit and split ({@code [fit][split]}); NaN where a fold did not complete. */
    public double[][] metrics() {
      double[][] out = new double[metrics.length][];
      for (int f = 0; f < metrics.length; f++) {
        out[f] = metrics[f].clone();
      }
      return out;
    }

    public double metric(int fit, int split) {
      return metrics[fit][split];
    }

    /** The model of fit {@code fit} on split {@code split}'s training rows (null: not complete). */
    public Model<?> model(int fit, int split) {
      return models[fit][split];
    }

    /** Which splits completed (every fit done before any STOP). */
    public boolean[] complete() {
      return complete.clone();
    }

    public int numComplete() {
      return numComplete;
    }

    /** The metrics of fit {@code fit} on the completed splits, in fold order. */
    public List<Double> completedMetrics(int fit) {
      List<Double> out = new ArrayList<>();
      for (int s = 0; s < complete.length; s++) {
        if (complete[s]) {
          out.add(metrics[fit][s]);
        }
      }
      return out;
    }

    /** Fit {@code fit} refitted on all rows (null when it was not asked for). */
    public Model<?> refit(int fit) {
      return refitted[fit];
    }

    /**
     * Out-of-fold predictions of fit {@code fit}: every held-out row of a completed split,
     * transformed by that split's model, in fold order (null when no split completed).
     */
    public Dataset<Row> outOfFold(int fit) {
      return outOfFold((s, valid, ms) -> ms.get(fit).transform(valid, fits.get(fit).params()));
    }

    /** Out-of-fold output of {@code scorer} over the completed splits, in fold order. */
    public Dataset<Row> outOfFold(FoldScorer scorer) {
      Dataset<Row> out = null;
      for (int s = 0; s < complete.length; s++) {
        if (!complete[s]) {
          continue;
        }
        List<Model<?>> ms = new ArrayList<>();
        for (Model<?>[] byFit : models) {
          ms.add(byFit[s]);
        }
        Dataset<Row> part = scorer.score(s, validation(s), ms);
        out = out == null ? part : out.unionByName(part);
      }
      return out;
    }
  }
}
