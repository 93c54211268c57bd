package ai.refinery.tuning.strategy;

import ai.refinery.tuning.space.Direction;
import ai.refinery.tuning.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ask/tell interface over a {@link SearchStrategy}: numbers trials from 0, keeps the pending,
 * finished and failed ones, orients values by the objective's direction, and knows the best trial.
 * Thread-safe, so parallel trials may report from their own threads.
 */
public final class Optimizer {

  /**
   * A point to evaluate, with its trial id and where it came from ({@code initial}, {@code model},
   * {@code fallback} for Bayesian search; the strategy's name for the others).
   */
  public record Suggestion(int trial, Map<String, Object> params, String source) {
    public Suggestion(int trial, Map<String, Object> params) {
      this(trial, params, "unknown");
    }
  }

  /** A finished trial (value in the objective's own orientation). */
  public record Result(int trial, Map<String, Object> params, double value) {}

  private final SearchSpace space;
  private final Direction direction;
  private final SearchStrategy strategy;
  private final Map<Integer, Map<String, Object>> pending = new LinkedHashMap<>();
  private final Map<Integer, Result> finished = new LinkedHashMap<>();
  private final Map<Integer, Map<String, Object>> failed = new LinkedHashMap<>();
  private final Map<Integer, String> sources = new LinkedHashMap<>();
  private final List<Observation> priors = new ArrayList<>();
  private int nextTrial;

  public Optimizer(SearchSpace space, Direction direction, SearchStrategy strategy) {
    this.space = space;
    this.direction = direction;
    this.strategy = strategy;
  }

  /** Builds a strategy by name: {@code grid}, {@code random} or {@code bayesian}. */
  public static SearchStrategy strategy(String name, SearchSpace space, long seed) {
    return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "grid" -> new GridSearch(space, 5, seed);
      case "random" -> new RandomSearch(space, seed);
      case "bayesian", "bayes", "gp" -> new BayesianSearch(space, seed);
      default ->
          throw new IllegalArgumentException(
              "Unknown strategy '" + name + "'; expected bayesian, random or grid");
    };
  }

  public SearchSpace space() {
    return space;
  }

  public Direction direction() {
    return direction;
  }

  public SearchStrategy strategy() {
    return strategy;
  }

  /** Up to {@code n} new suggestions (fewer when the strategy is exhausted). */
  public synchronized List<Suggestion> ask(int n) {
    List<Suggestion> out = new ArrayList<>();
    List<Map<String, Object>> points = strategy.propose(n, state());
    List<String> from = strategy.lastSources();
    for (int i = 0; i < points.size(); i++) {
      Map<String, Object> canon = space.normalize(points.get(i));
      String source = i < from.size() ? from.get(i) : strategy.name();
      int id = nextTrial++;
      pending.put(id, canon);
      sources.put(id, source);
      out.add(new Suggestion(id, canon, source));
    }
    return out;
  }

  /** One new suggestion, or empty when the strategy is exhausted. */
  public Optional<Suggestion> ask() {
    List<Suggestion> s = ask(1);
    return s.isEmpty() ? Optional.empty() : Optional.of(s.get(0));
  }

  /** Reports a pending trial's value. A non-finite value counts as a failure. */
  public synchronized void tell(int trial, double value) {
    Map<String, Object> p = takePending(trial);
    if (!Double.isFinite(value)) {
      failed.put(trial, p);
      return;
    }
    finished.put(trial, new Result(trial, p, value));
  }

  /** Reports that a pending trial failed; its point is not proposed again. */
  public synchronized void tellFailed(int trial) {
    failed.put(trial, takePending(trial));
  }

  private Map<String, Object> takePending(int trial) {
    Map<String, Object> p = pending.remove(trial);
    if (p == null) {
      String why =
          finished.containsKey(trial) || failed.containsKey(trial)
              ? "it was already reported"
              : "it was never suggested";
      throw new IllegalArgumentException(
          String.format(
              "Trial %d cannot be reported: %s. Pending trials: %s", trial, why, pending.keySet()));
    }
    return p;
  }

  /**
   * Records a trial that finished earlier (resume): it keeps its id and later trials are numbered
   * after it. {@code value} null means it failed.
   */
  public synchronized void restore(int trial, Map<String, Object> params, Double value) {
    if (pending.containsKey(trial) || finished.containsKey(trial) || failed.containsKey(trial)) {
      throw new IllegalArgumentException("Trial " + trial + " is already known");
    }
    Map<String, Object> p = space.normalize(params);
    if (value == null || !Double.isFinite(value)) {
      failed.put(trial, p);
    } else {
      finished.put(trial, new Result(trial, p, value));
    }
    nextTrial = Math.max(nextTrial, trial + 1);
  }

  /**
   * Adds an observation from elsewhere (a parent job, transfer warm start): the surrogate learns
   * from it, but it is not a trial of this run and never the best trial.
   */
  public synchronized void addPrior(Map<String, Object> params, double value) {
    priors.add(new Observation(space.normalize(params), direction.toMinimized(value)));
  }

  /** The strategy's view: finished trials and priors (minimised), pending and failed points. */
  public synchronized SearchState state() {
    List<Observation> obs = new ArrayList<>(priors);
    for (Result r : finished.values()) {
      obs.add(new Observation(r.params(), direction.toMinimized(r.value())));
    }
    return new SearchState(
        obs, new ArrayList<>(pending.values()), new ArrayList<>(failed.values()));
  }

  /** The best finished trial (ties: the earliest). */
  public synchronized Optional<Result> best() {
    Result best = null;
    for (Result r : finished.values()) {
      if (best == null || direction.better(r.value(), best.value())) {
        best = r;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Where trial {@code trial}'s point came from (see {@link Suggestion}); null if unknown. */
  public synchronized String source(int trial) {
    return sources.get(trial);
  }

  public synchronized int pendingCount() {
    return pending.size();
  }

  public synchronized int finishedCount() {
    return finished.size();
  }

  public synchronized int failedCount() {
    return failed.size();
  }

  /** Finished trials in id order of reporting. */
  public synchronized List<Result> results() {
    return new ArrayList<>(finished.values());
  }

  /** Ids of the trials waiting for a result. */
  public synchronized List<Integer> pendingTrials() {
    return new ArrayList<>(pending.keySet());
  }

  public synchronized boolean isPending(int trial) {
    return pending.containsKey(trial);
  }
}
