package ai.refinery.tuning.spark;

import ai.refinery.cv.FitSlots;
import ai.refinery.cv.FoldAssigner;
import ai.refinery.cv.FoldRunner;
import ai.refinery.estimators.RowKeys;
import ai.refinery.estimators.listen.Decision;
import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.estimators.run.FitIds;
import ai.refinery.tuning.space.Direction;
import ai.refinery.tuning.space.SearchSpace;
import ai.refinery.tuning.space.SpaceSpec;
import ai.refinery.tuning.strategy.Optimizer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

/** One execution of {@link HyperparameterTuner#fit}: the driver loop over trials. */
final class TuningRun {
  private static final Logger LOG = LoggerFactory.getLogger(HyperparameterTuner.class);
  private static final String SOURCE = "HyperparameterTuner";
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final HyperparameterTuner tuner;
  private final Dataset<Row> data;
  private final String fitId = FitIds.next("tune");
  private final SearchSpace space;
  private final String spaceJson;
  private final Direction direction;
  private final ParamBinder binder;
  private final Estimator<?> estimator;
  private final Evaluator evaluator;
  private final String metric;
  private final String jobId;
  private final int maxTrials;
  private final TrialHistory history;
  private final MedianStoppingRule medianRule;
  private final SparkContext sc;

  /** Concurrent fits across trials and their folds: at most maxParallelTrials. */
  private final FitSlots slots;

  /** Completed trials (and reused parent trials) eligible as the best. */
  private final List<TrialRecord> records = Collections.synchronizedList(new ArrayList<>());

  private final List<TrialRecord> reused = new ArrayList<>();

  /** Intermediate values of running trials, kept for a trial cancelled at a time limit. */
  private final Map<Integer, List<Double>> progress = new ConcurrentHashMap<>();

  /** Appends trials to the history in order, off the driver loop (null without a history). */
  private ExecutorService writer;

  private final List<Future<?>> writes = new ArrayList<>();
  private Dataset<Row> folded;
  private int numFolds;
  private Dataset<Row> train;
  private Dataset<Row> valid;

  TuningRun(HyperparameterTuner tuner, Dataset<Row> data) {
    this.tuner = tuner;
    this.data = data;
    this.space = tuner.space();
    this.direction = tuner.resolvedDirection();
    this.spaceJson = new SpaceSpec(direction, space).toJson();
    this.estimator = tuner.getEstimator();
    this.evaluator = tuner.getEvaluator();
    this.binder = ParamBinder.bind(estimator, space);
    this.metric = tuner.metricName();
    this.jobId = tuner.getJobId();
    this.maxTrials = tuner.getMaxTrials();
    this.sc = data.sparkSession().sparkContext();
    this.history =
        tuner.getHistoryPath().isEmpty()
            ? null
            : new TrialHistory(data.sparkSession(), tuner.getHistoryPath());
    this.medianRule =
        tuner.getEarlyStopping().equals("auto")
            ? new MedianStoppingRule(direction, tuner.getMinTrialsForStopping())
            : null;
    this.slots = new FitSlots(tuner.getParallelism());
  }

  HyperparameterTunerModel run() {
    Optimizer opt =
        new Optimizer(
            space, direction, Optimizer.strategy(tuner.getStrategy(), space, tuner.getSeed()));
    List<TrialRecord> all = history == null ? List.of() : history.readAll();
    restore(opt, all);
    warmStart(opt, all);
    prepareData();
    LOG.info(
        "[{}] tuning {} over {} ({} strategy, {} trials, {} in parallel, objective {} {}{})",
        fitId,
        estimator.getClass().getSimpleName(),
        space.names(),
        tuner.getStrategy(),
        maxTrials,
        tuner.getParallelism(),
        direction.spelling(),
        metric,
        folded != null ? ", " + numFolds + "-fold cv" : ", holdout");
    if (history != null) {
      writer =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread th = new Thread(r, "refinery-history-" + fitId);
                th.setDaemon(true);
                return th;
              });
    }
    try {
      loop(opt);
      flushHistory();
    } finally {
      if (writer != null) {
        writer.shutdown(); // queued appends still run
      }
      if (folded != null) {
        folded.unpersist();
      } else {
        train.unpersist();
        valid.unpersist();
      }
    }
    TrialRecord best = best();
    if (best == null) {
      emitFinished(Map.of(), "no trial completed");
      throw new IllegalStateException(
          String.format(
              "[%s] no trial of job '%s' completed; " + "errors: %s", fitId, jobId, errors()));
    }
    Map<String, Object> bestParams = space.normalize(TrialParams.fromJson(best.params()));
    LOG.info(
        "[{}] best trial {} {} = {}; refitting on all data",
        fitId,
        best.trialId(),
        best.params(),
        best.objective());
    Model<?> model = (Model<?>) estimator.fit(data, binder.paramMap(bestParams));
    emitFinished(
        Map.of("best", best.objective()),
        "finished " + records.size() + " trials; best trial " + best.trialId());
    List<TrialRecord> job = new ArrayList<>(records);
    job.sort((a, b) -> Integer.compare(a.trialId(), b.trialId()));
    HyperparameterTunerModel m = new HyperparameterTunerModel(tuner.uid(), model, best, job);
    return tuner.copyValuesTo(m).setParent(tuner);
  }

  /** The tuner's finished event: trials done so far, {@code metrics} and why it ended. */
  private void emitFinished(Map<String, Double> metrics, String message) {
    TrainingListeners.emit(
        TrainingEvent.finished(
            fitId, SOURCE, StepKind.TRIAL, records.size(), maxTrials, metrics, message));
  }

  /**
   * Queues an append of finished trials: a slow table (a first Delta commit, s3a) must not hold up
   * the loop that enforces time limits and launches trials. A failed append fails the job at the
   * next append or at the end.
   */
  private void append(List<TrialRecord> trials) {
    checkWrites(false);
    writes.add(writer.submit(() -> history.append(trials)));
  }

  /** Waits for the queued appends. */
  private void flushHistory() {
    checkWrites(true);
  }

  private void checkWrites(boolean wait) {
    for (Future<?> f : writes) {
      if (!wait && !f.isDone()) {
        continue;
      }
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing the trial history", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            String.format(
                "[%s] cannot append trials to the trial " + "history %s: %s",
                fitId, history.path(), e.getCause().getMessage()),
            e.getCause());
      }
    }
    writes.removeIf(Future::isDone);
  }

  private String errors() {
    List<String> e = new ArrayList<>();
    synchronized (records) {
      for (TrialRecord r : records) {
        if (r.error() != null) {
          e.add("trial " + r.trialId() + ": " + firstLine(r.error()));
        }
      }
    }
    return e.toString();
  }

  private TrialRecord best() {
    TrialRecord best = null;
    List<TrialRecord> cands = new ArrayList<>(reused);
    cands.addAll(records);
    for (TrialRecord r : cands) {
      if (r.status() == TrialStatus.COMPLETED
          && r.objective() != null
          && (best == null || direction.better(r.objective(), best.objective()))) {
        best = r;
      }
    }
    return best;
  }

  // ------------------------------------------------------------------ resume and warm start

  private void restore(Optimizer opt, List<TrialRecord> all) {
    List<TrialRecord> mine = TrialHistory.ofJob(all, jobId);
    for (TrialRecord r : mine) {
      // compare the ranges: the space column's direction was always "minimize" before
      boolean sameSpace = sameSpace(r.space());
      if (!sameSpace || !r.estimator().equals(estimator.getClass().getName())) {
        throw new IllegalArgumentException(
            String.format(
                "Trial history %s already holds job '%s'"
                    + " for a different %s (%s there). Use a new jobId, or the same estimator and search "
                    + "space to resume it.",
                history.path(),
                jobId,
                sameSpace ? "estimator" : "search space",
                sameSpace ? r.estimator() : r.space()));
      }
      opt.restore(
          r.trialId(),
          TrialParams.fromJson(r.params()),
          r.status() == TrialStatus.FAILED ? null : r.objective());
      records.add(r);
      if (medianRule != null && r.status() == TrialStatus.COMPLETED) {
        medianRule.addCompleted(r.intermediate());
      }
    }
    if (!mine.isEmpty()) {
      LOG.info(
          "[{}] resuming job '{}': {} finished trials reused from {}",
          fitId,
          jobId,
          mine.size(),
          history.path());
    }
  }

  private boolean sameSpace(String json) {
    try {
      return SpaceSpec.fromJson(json).space().equals(space);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void warmStart(Optimizer opt, List<TrialRecord> all) {
    String[] parents = tuner.getParentJobIds();
    if (parents.length == 0) {
      return;
    }
    if (history == null) {
      throw new IllegalArgumentException(
          "parentJobIds needs historyPath: the parents' trials are "
              + "read from the trial history");
    }
    boolean reuse = tuner.getWarmStart().equals("reuse");
    for (String parent : parents) {
      List<TrialRecord> rows = TrialHistory.ofJob(all, parent);
      if (rows.isEmpty()) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot warm start from job '%s': the "
                    + "trial history %s has no trials of it. Jobs there: %s",
                parent, history.path(), TrialHistory.jobIds(all)));
      }
      SearchSpace ps = SpaceSpec.fromJson(rows.get(0).space()).space();
      String why = space.incompatibility(ps);
      if (why != null) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot warm start from job '%s': its "
                    + "search space is incompatible with this one (%s)",
                parent, why));
      }
      if (reuse
          && (!ps.equals(space)
              || !rows.get(0).estimator().equals(estimator.getClass().getName())
              || !rows.get(0).direction().equals(direction.spelling())
              || !rows.get(0).metric().equals(metric))) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot reuse the trials of job '%s': "
                    + "reuse needs the same estimator, metric, direction and search space (it has %s, %s "
                    + "%s, %s). Use warmStart=transfer to use them as prior observations.",
                parent,
                rows.get(0).estimator(),
                rows.get(0).direction(),
                rows.get(0).metric(),
                rows.get(0).space()));
      }
      int used = 0;
      for (TrialRecord r : rows) {
        Map<String, Object> p = TrialParams.fromJson(r.params());
        if (r.status() == TrialStatus.COMPLETED
            && r.objective() != null
            && space.contains(p)
            && r.direction().equals(direction.spelling())) {
          opt.addPrior(p, r.objective());
          used++;
          if (reuse) {
            reused.add(r);
          }
        }
      }
      LOG.info(
          "[{}] warm start ({}) from job '{}': {} of {} trials used",
          fitId,
          tuner.getWarmStart(),
          parent,
          used,
          rows.size());
    }
  }

  // ------------------------------------------------------------------ data

  private void prepareData() {
    boolean hasFolds = java.util.Arrays.asList(data.columns()).contains(tuner.getFoldCol());
    if (hasFolds || tuner.isDefined(tuner.foldAssigner())) {
      folded = withFolds(data).persist(StorageLevel.MEMORY_AND_DISK());
      Row r =
          folded.agg(functions.max(tuner.getFoldCol()), functions.min(tuner.getFoldCol())).first();
      if (r.isNullAt(0) || ((Number) r.get(1)).intValue() < 0) {
        throw new IllegalArgumentException(
            String.format(
                "Column '%s' (param foldCol) must hold "
                    + "fold numbers 0..k-1 but its minimum is %s",
                tuner.getFoldCol(), r.get(1)));
      }
      numFolds = ((Number) r.get(0)).intValue() + 1;
      if (numFolds < 2) {
        throw new IllegalArgumentException(
            String.format(
                "Column '%s' (param foldCol) has a single"
                    + " fold; cross-validation needs at least 2",
                tuner.getFoldCol()));
      }
    } else {
      double f = tuner.getValidationFraction();
      // a seeded draw per row key: identical rows are split independently, on any partitioning
      String key = "__tune_row_key";
      Dataset<Row> keyed = RowKeys.withRowKey(data, RowKeys.contentHash(data.schema()), key);
      Column inValid = RowKeys.uniform(functions.col(key), tuner.getSeed()).lt(f);
      train =
          keyed.filter(functions.not(inValid)).drop(key).persist(StorageLevel.MEMORY_AND_DISK());
      valid = keyed.filter(inValid).drop(key).persist(StorageLevel.MEMORY_AND_DISK());
      long nValid = valid.count();
      long nTrain = train.count();
      if ((nValid == 0 || nTrain == 0) && nValid + nTrain >= 2) {
        // a small table can draw an empty side: then the ceil(f * n) rows with the smallest
        // draws are the validation rows (at least one, never all)
        long n = nValid + nTrain;
        int take = (int) Math.min(n - 1, Math.max(1, (long) Math.ceil(f * n)));
        Column u = RowKeys.uniform(functions.col(key), tuner.getSeed());
        Dataset<Row> ordered = keyed.withColumn("__tune_u", u);
        double cut =
            ordered
                .orderBy(functions.col("__tune_u"))
                .limit(take)
                .agg(functions.max("__tune_u"))
                .first()
                .getDouble(0);
        train.unpersist();
        valid.unpersist();
        Column inCut = u.leq(cut);
        train =
            keyed.filter(functions.not(inCut)).drop(key).persist(StorageLevel.MEMORY_AND_DISK());
        valid = keyed.filter(inCut).drop(key).persist(StorageLevel.MEMORY_AND_DISK());
        LOG.warn(
            "[{}] validationFraction {} drew {} of the {} rows for validation (seed {}); the {}"
                + " rows with the smallest draws are the validation rows instead",
            fitId,
            f,
            nValid,
            n,
            tuner.getSeed(),
            take);
      }
    }
  }

  /** The data with the tuner's fold column: as given, or added by the fold assigner. */
  private Dataset<Row> withFolds(Dataset<Row> df) {
    if (java.util.Arrays.asList(df.columns()).contains(tuner.getFoldCol())) {
      return df;
    }
    FoldAssigner fa = (FoldAssigner) tuner.getFoldAssigner();
    Dataset<Row> out = fa.assignFolds(df);
    String col = ((org.apache.spark.ml.param.Params) fa).getOrDefault(fa.foldCol()).toString();
    return col.equals(tuner.getFoldCol()) ? out : out.withColumnRenamed(col, tuner.getFoldCol());
  }

  // ------------------------------------------------------------------ the loop

  /** What a trial thread hands back. */
  private record Outcome(
      int trial,
      Map<String, Object> params,
      TrialStatus status,
      Double objective,
      List<Double> intermediate,
      String error,
      long startMs,
      long endMs) {}

  private void loop(Optimizer opt) {
    int parallel = tuner.getParallelism();
    long jobDeadline =
        tuner.getMaxRuntimeSeconds() > 0
            ? System.currentTimeMillis() + (long) (tuner.getMaxRuntimeSeconds() * 1000)
            : Long.MAX_VALUE;
    long trialLimitMs = (long) (tuner.getMaxTrialSeconds() * 1000);
    int poolId = POOLS.incrementAndGet();
    AtomicInteger threadNo = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parallel,
            r -> {
              Thread th =
                  new Thread(r, "refinery-trial-" + poolId + "-" + threadNo.incrementAndGet());
              th.setDaemon(true);
              return th;
            });
    Running running = new Running(new ExecutorCompletionService<>(pool), opt);
    int launched = records.size();
    boolean exhausted = false;
    try {
      while (true) {
        long now = System.currentTimeMillis();
        if (now >= jobDeadline) {
          // trials that finished by now count as finished; only the others are cut
          running.collectDone();
          running.cancel(
              new ArrayList<>(running.futures.keySet()),
              TrialStatus.STOPPED,
              "stopped: the job's maxRuntimeSeconds ("
                  + tuner.getMaxRuntimeSeconds()
                  + ") was reached");
          LOG.info("[{}] maxRuntimeSeconds reached after {} trials", fitId, records.size());
          break;
        }
        while (!exhausted && running.futures.size() < parallel && launched < maxTrials) {
          var s = opt.ask();
          if (s.isEmpty()) {
            exhausted = true;
            break;
          }
          running.launch(s.get().trial(), s.get().params());
          launched++;
        }
        if (exhausted || launched >= maxTrials) {
          // no more trials will start: the slots of finished ones go to the folds of the others
          slots.reserve(running.futures.size());
        }
        if (running.futures.isEmpty()) {
          break;
        }
        long wait = Math.min(jobDeadline - now, 200);
        Future<Outcome> f = running.done.poll(Math.max(1, wait), TimeUnit.MILLISECONDS);
        if (f != null) {
          running.collect(f);
        }
        if (trialLimitMs > 0) {
          long t2 = System.currentTimeMillis();
          // a trial that finished in time but is not collected yet is not late
          running.collectDone();
          List<Integer> late = new ArrayList<>();
          for (Integer t : running.futures.keySet()) {
            if (t2 - running.started.get(t) > trialLimitMs) {
              late.add(t);
            }
          }
          if (!late.isEmpty()) {
            running.cancel(
                late,
                TrialStatus.FAILED,
                "timed out after maxTrialSeconds=" + tuner.getMaxTrialSeconds());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while tuning", e);
    } finally {
      for (Integer t : running.futures.keySet()) {
        sc.cancelJobGroup(group(t));
      }
      pool.shutdownNow();
    }
  }

  /** The trials in flight: their futures, start times and points, and which are recorded. */
  private final class Running {
    final ExecutorCompletionService<Outcome> done;
    final Optimizer opt;
    final Map<Integer, Future<Outcome>> futures = new HashMap<>();
    final Map<Integer, Long> started = new HashMap<>();
    final Map<Integer, Map<String, Object>> pointOf = new HashMap<>();
    final Set<Integer> recorded = ConcurrentHashMap.newKeySet();

    Running(ExecutorCompletionService<Outcome> done, Optimizer opt) {
      this.done = done;
      this.opt = opt;
    }

    void launch(int trial, Map<String, Object> params) {
      pointOf.put(trial, params);
      started.put(trial, System.currentTimeMillis());
      FitSlots.Lane lane = slots.lane();
      futures.put(
          trial, done.submit(TrainingListeners.propagate(() -> runTrial(trial, params, lane))));
    }

    /** Collects every trial that is done by now. */
    void collectDone() throws InterruptedException {
      for (Future<Outcome> f = done.poll(); f != null; f = done.poll()) {
        collect(f);
      }
    }

    /** Records the outcome of a trial whose future is done (nothing when it was cancelled). */
    void collect(Future<Outcome> f) throws InterruptedException {
      Outcome o;
      try {
        o = f.get();
      } catch (CancellationException e) {
        return;
      } catch (ExecutionException e) {
        throw new IllegalStateException("trial thread failed unexpectedly", e.getCause());
      }
      futures.remove(o.trial());
      progress.remove(o.trial());
      if (recorded.add(o.trial())) {
        finish(o, opt);
      }
    }

    /**
     * Stops running trials (their Spark jobs cancelled, their threads interrupted) and records
     * them, all in one history commit, so that a slow table does not keep the last ones running.
     */
    void cancel(List<Integer> trials, TrialStatus status, String why) {
      long end = System.currentTimeMillis();
      List<Integer> mine = new ArrayList<>();
      for (Integer t : trials) {
        Future<Outcome> f = futures.remove(t);
        sc.cancelJobGroup(group(t));
        f.cancel(true);
        if (recorded.add(t)) {
          mine.add(t);
        }
      }
      List<TrialRecord> batch = new ArrayList<>();
      for (Integer t : mine) {
        List<Double> so = progress.remove(t);
        finish(
            new Outcome(
                t,
                pointOf.get(t),
                status,
                null,
                so == null ? List.of() : List.copyOf(so),
                why,
                started.get(t),
                end),
            opt,
            batch);
      }
      if (history != null && !batch.isEmpty()) {
        append(batch);
      }
    }
  }

  private String group(int trial) {
    return "refinery-" + fitId + "-trial-" + trial;
  }

  private void finish(Outcome o, Optimizer opt) {
    finish(o, opt, null);
  }

  /** Records a trial; appends it to the history now, or to {@code batch} when given. */
  private void finish(Outcome o, Optimizer opt, List<TrialRecord> batch) {
    if (o.status() == TrialStatus.FAILED || o.objective() == null) {
      opt.tellFailed(o.trial());
    } else {
      opt.tell(o.trial(), o.objective());
    }
    if (medianRule != null && o.status() == TrialStatus.COMPLETED) {
      medianRule.addCompleted(o.intermediate());
    }
    TrialRecord r =
        new TrialRecord(
            jobId,
            o.trial(),
            TrialParams.toJson(o.params()),
            o.objective(),
            o.intermediate(),
            o.status(),
            o.error(),
            o.startMs(),
            o.endMs(),
            tuner.getSeed(),
            tuner.getInputVersion(),
            tuner.getStrategy(),
            spaceJson,
            direction.spelling(),
            metric,
            estimator.getClass().getName(),
            opt.source(o.trial()));
    records.add(r);
    if (batch != null) {
      batch.add(r);
    } else if (history != null) {
      append(List.of(r));
    }
    TrialRecord best = best();
    Map<String, Double> m = new LinkedHashMap<>();
    if (o.objective() != null) {
      m.put(metric, o.objective());
    }
    if (best != null) {
      m.put("best", best.objective());
    }
    LOG.info(
        "[{}] trial {} of {} {}: {} {} ({}s); best so far {}",
        fitId,
        records.size(),
        maxTrials,
        o.status(),
        o.params(),
        o.objective() != null ? o.objective() : firstLine(o.error()),
        String.format("%.1f", r.durationSeconds()),
        best == null ? "none" : best.objective() + " (trial " + best.trialId() + ")");
    TrainingListeners.emit(
        TrainingEvent.step(fitId, SOURCE, StepKind.TRIAL, records.size(), maxTrials, m));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  // ------------------------------------------------------------------ one trial

  private Outcome runTrial(int trial, Map<String, Object> params, FitSlots.Lane lane) {
    long start = System.currentTimeMillis();
    sc.setJobGroup(group(trial), "tuning " + fitId + " trial " + trial + "/" + maxTrials, true);
    String trialRunId = fitId + "/trial-" + trial;
    List<Double> intermediate = Collections.synchronizedList(new ArrayList<>());
    progress.put(trial, intermediate);
    try {
      ParamMap pm = binder.paramMap(params);
      if (folded != null) {
        // the folds run in parallel within the tuner's budget: this trial's own slot plus the
        // slots no other trial holds; they are reported in fold order, as one after another
        String[] stoppedBy = {null};
        FoldRunner.Result r =
            FoldRunner.over(folded, tuner.getFoldCol(), numFolds)
                .fits(
                    List.of(
                        new FoldRunner.Fit(
                            estimator, pm, "trial " + trial, "[" + fitId + "] trial " + trial)))
                .evaluator(evaluator)
                .parallelism(tuner.getParallelism())
                .slots(lane)
                .runId(trialRunId)
                .describeJobs("tuning")
                .onFold(
                    fold -> {
                      double v = fold.metric(0);
                      intermediate.add(v);
                      Decision d =
                          TrainingListeners.emit(
                              TrainingEvent.step(
                                  trialRunId,
                                  SOURCE,
                                  StepKind.FOLD,
                                  fold.done(),
                                  numFolds,
                                  Map.of(metric, v)));
                      if (fold.done() < numFolds
                          && (d == Decision.STOP
                              || (medianRule != null && medianRule.shouldStop(intermediate)))) {
                        stoppedBy[0] =
                            d == Decision.STOP ? " by a listener" : " by the median rule";
                        return Decision.STOP;
                      }
                      return Decision.CONTINUE;
                    })
                .run();
        List<Double> values = r.completedMetrics(0);
        double sum = 0;
        for (double v : values) {
          sum += v;
        }
        return new Outcome(
            trial,
            params,
            stoppedBy[0] == null ? TrialStatus.COMPLETED : TrialStatus.STOPPED,
            sum / values.size(),
            List.copyOf(values),
            stoppedBy[0] == null
                ? null
                : "stopped after fold " + values.size() + " of " + numFolds + stoppedBy[0],
            start,
            System.currentTimeMillis());
      }
      String stepMetric =
          tuner.getIntermediateMetric().isEmpty() ? metric : tuner.getIntermediateMetric();
      boolean[] stopped = {false};
      Model<?> m =
          TrainingListeners.with(
              e -> {
                if (e.finished()
                    || e.kind() == StepKind.TRIAL
                    || !e.metrics().containsKey(stepMetric)) {
                  return Decision.CONTINUE;
                }
                intermediate.add(e.metric(stepMetric));
                if (medianRule != null && medianRule.shouldStop(intermediate)) {
                  stopped[0] = true;
                  return Decision.STOP;
                }
                return Decision.CONTINUE;
              },
              () -> (Model<?>) estimator.fit(train, pm));
      double v = evaluator.evaluate(m.transform(valid));
      return new Outcome(
          trial,
          params,
          stopped[0] ? TrialStatus.STOPPED : TrialStatus.COMPLETED,
          v,
          List.copyOf(intermediate),
          stopped[0] ? "stopped by the median rule after step " + intermediate.size() : null,
          start,
          System.currentTimeMillis());
    } catch (RuntimeException | Error e) {
      if (Thread.currentThread().isInterrupted()) {
        throw e;
      }
      StringWriter sw = new StringWriter();
      e.printStackTrace(new PrintWriter(sw));
      String trace = sw.toString();
      return new Outcome(
          trial,
          params,
          TrialStatus.FAILED,
          null,
          List.copyOf(intermediate),
          trace.length() > 4000 ? trace.substring(0, 4000) : trace,
          start,
          System.currentTimeMillis());
    } finally {
      sc.clearJobGroup();
    }
  }
}
