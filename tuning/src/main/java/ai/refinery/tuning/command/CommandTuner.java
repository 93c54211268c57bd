package ai.refinery.tuning.command;

import ai.refinery.estimators.listen.StepKind;
import ai.refinery.estimators.listen.TrainingEvent;
import ai.refinery.estimators.listen.TrainingListeners;
import ai.refinery.estimators.params.RenamedParams;
import ai.refinery.estimators.run.FitIds;
import ai.refinery.tuning.space.Direction;
import ai.refinery.tuning.space.SearchSpace;
import ai.refinery.tuning.space.SpaceSpec;
import ai.refinery.tuning.spark.TrialHistory;
import ai.refinery.tuning.spark.TrialRecord;
import ai.refinery.tuning.spark.TrialStatus;
import ai.refinery.tuning.strategy.Optimizer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tunes a training command: each trial runs {@link CommandSpec#command()} with the trial's
 * hyperparameters as {@code --name value} arguments and environment variables, as a one-task Spark
 * job (so trials spread over the cluster's executors), {@code parallelism} at a time from the
 * driver. A failing, timed-out or unparsable command is recorded FAILED and the job goes on. With a
 * history path, trials are appended to the Delta trial history and a rerun with the same job id
 * resumes without repeating finished trials.
 */
public final class CommandTuner {
  private static final Logger LOG = LoggerFactory.getLogger(CommandTuner.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SearchSpace space;
  private final Direction direction;
  private final CommandSpec spec;
  private String strategy = "bayesian";
  private long seed;
  private int maxTrials = 20;
  private int parallelism = 1;
  private String historyPath = "";
  private String jobId = "command-job";

  public CommandTuner(SearchSpace space, Direction direction, CommandSpec spec) {
    this.space = space;
    this.direction = direction;
    this.spec = spec;
  }

  public CommandTuner setStrategy(String value) {
    Optimizer.strategy(value, space, 0);
    strategy = value;
    return this;
  }

  public CommandTuner setSeed(long value) {
    seed = value;
    return this;
  }

  public CommandTuner setMaxTrials(int value) {
    maxTrials = atLeastOne("maxTrials", value);
    return this;
  }

  /** Trials run at the same time (>= 1). */
  public CommandTuner setParallelism(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1 but is " + value);
    }
    parallelism = value;
    return this;
  }

  /**
   * @deprecated renamed {@code parallelism}, as in the other stages; use {@link #setParallelism}.
   */
  @Deprecated
  public CommandTuner setMaxParallelTrials(int value) {
    RenamedParams.warn("CommandTuner", "maxParallelTrials", "parallelism", "setter");
    return setParallelism(value);
  }

  private static int atLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1 but is " + value);
    }
    return value;
  }

  public CommandTuner setHistoryPath(String value) {
    historyPath = value;
    return this;
  }

  public CommandTuner setJobId(String value) {
    jobId = value;
    return this;
  }

  /** The trials of a run, the raw command results of the trials it ran, and the best trial. */
  public record Result(
      List<TrialRecord> trials, List<CommandResult> commandResults, Optional<TrialRecord> best) {}

  /** Whether a history row's space JSON has this job's ranges (its direction may differ). */
  private boolean sameSpace(String json) {
    try {
      return SpaceSpec.fromJson(json).space().equals(space);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public Result run(SparkSession spark) {
    String fitId = FitIds.next("cmdtune");
    String spaceJson = new SpaceSpec(direction, space).toJson();
    String estimator = "command: " + String.join(" ", spec.command());
    Optimizer opt = new Optimizer(space, direction, Optimizer.strategy(strategy, space, seed));
    TrialHistory history = historyPath.isEmpty() ? null : new TrialHistory(spark, historyPath);
    List<TrialRecord> records = new ArrayList<>();
    if (history != null) {
      for (TrialRecord r : TrialHistory.ofJob(history.readAll(), jobId)) {
        if (!sameSpace(r.space()) || !r.estimator().equals(estimator)) {
          throw new IllegalArgumentException(
              String.format(
                  "Trial history %s already holds job "
                      + "'%s' for a different command or search space; use a new jobId",
                  historyPath, jobId));
        }
        opt.restore(
            r.trialId(),
            fromJson(r.params()),
            r.status() == TrialStatus.FAILED ? null : r.objective());
        records.add(r);
      }
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    CommandTask task = new CommandTask(spec);
    List<CommandResult> results = new ArrayList<>();
    AtomicInteger threadNo = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parallelism,
            r -> {
              Thread t = new Thread(r, "refinery-command-trial-" + threadNo.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ExecutorCompletionService<CommandResult> done = new ExecutorCompletionService<>(pool);
    Map<Integer, Map<String, Object>> running = new LinkedHashMap<>();
    int launched = records.size();
    boolean exhausted = false;
    LOG.info(
        "[{}] tuning `{}` over {} ({} strategy, {} trials, {} in parallel)",
        fitId,
        String.join(" ", spec.command()),
        space.names(),
        strategy,
        maxTrials,
        parallelism);
    try {
      while (true) {
        while (!exhausted && running.size() < parallelism && launched < maxTrials) {
          Optional<Optimizer.Suggestion> s = opt.ask();
          if (s.isEmpty()) {
            exhausted = true;
            break;
          }
          int id = s.get().trial();
          Map<String, Object> p = s.get().params();
          running.put(id, p);
          launched++;
          String input = id + "\t" + toJson(p);
          done.submit(
              () -> {
                long start = System.currentTimeMillis();
                jsc.setJobGroup(
                    "refinery-" + fitId + "-trial-" + id,
                    "command tuning " + fitId + " trial " + id + "/" + maxTrials,
                    true);
                try {
                  return jsc.parallelize(List.of(input), 1).map(task).collect().get(0);
                } catch (RuntimeException e) {
                  return new CommandResult(
                      id,
                      TrialStatus.FAILED,
                      null,
                      List.of(),
                      -1,
                      "",
                      "the Spark task failed: " + e.getMessage(),
                      start,
                      System.currentTimeMillis(),
                      "");
                } finally {
                  jsc.clearJobGroup();
                }
              });
        }
        if (running.isEmpty()) {
          break;
        }
        CommandResult r = done.take().get();
        Map<String, Object> p = running.remove(r.trial());
        results.add(r);
        if (r.status() == TrialStatus.COMPLETED) {
          opt.tell(r.trial(), r.objective());
        } else {
          opt.tellFailed(r.trial());
        }
        TrialRecord rec =
            new TrialRecord(
                jobId,
                r.trial(),
                toJson(p),
                r.objective(),
                r.intermediate(),
                r.status(),
                r.error(),
                r.startMs(),
                r.endMs(),
                seed,
                -1L,
                strategy,
                spaceJson,
                direction.spelling(),
                "objective",
                estimator,
                opt.source(r.trial()));
        records.add(rec);
        if (history != null) {
          history.append(List.of(rec));
        }
        Optional<TrialRecord> best = best(records);
        Map<String, Double> m = new LinkedHashMap<>();
        if (r.objective() != null) {
          m.put("objective", r.objective());
        }
        best.ifPresent(b -> m.put("best", b.objective()));
        LOG.info(
            "[{}] trial {} of {} {} on {}: {} {}; best so far {}",
            fitId,
            records.size(),
            maxTrials,
            r.status(),
            r.host(),
            p,
            r.objective() != null ? r.objective() : r.error(),
            best.map(b -> b.objective() + " (trial " + b.trialId() + ")").orElse("none"));
        TrainingListeners.emit(
            TrainingEvent.step(
                fitId, "CommandTuner", StepKind.TRIAL, records.size(), maxTrials, m));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while tuning", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("command trial driver thread failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    Optional<TrialRecord> best = best(records);
    TrainingListeners.emit(
        TrainingEvent.finished(
            fitId,
            "CommandTuner",
            StepKind.TRIAL,
            records.size(),
            maxTrials,
            best.map(b -> Map.of("best", b.objective())).orElse(Map.of()),
            "finished " + records.size() + " trials"));
    records.sort((a, b) -> Integer.compare(a.trialId(), b.trialId()));
    return new Result(records, results, best);
  }

  private Optional<TrialRecord> best(List<TrialRecord> records) {
    TrialRecord best = null;
    for (TrialRecord r : records) {
      if (r.status() == TrialStatus.COMPLETED
          && (best == null || direction.better(r.objective(), best.objective()))) {
        best = r;
      }
    }
    return Optional.ofNullable(best);
  }

  private static String toJson(Map<String, Object> p) {
    try {
      return JSON.writeValueAsString(p);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> fromJson(String s) {
    try {
      return JSON.readValue(s, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Invalid params JSON in trial history: " + s, e);
    }
  }
}
