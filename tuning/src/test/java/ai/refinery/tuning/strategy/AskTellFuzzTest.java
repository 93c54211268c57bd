package ai.refinery.tuning.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.refinery.tuning.space.CategoricalRange;
import ai.refinery.tuning.space.ContinuousRange;
import ai.refinery.tuning.space.Direction;
import ai.refinery.tuning.space.IntegerRange;
import ai.refinery.tuning.space.ParamRange;
import ai.refinery.tuning.space.Scaling;
import ai.refinery.tuning.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the ask/tell interface with the default (Bayesian) strategy: random spaces of 1
 * to 20 ranges (linear, log and reverse-log continuous ranges, small and huge integer ranges,
 * categories of 2 to 30 values, degenerate min == max ranges), hostile objectives (constant,
 * plateaus, 1e12 magnitudes, ties, discontinuities, NaN, infinities, failed trials, duplicated
 * prior observations) and 1 to 8 asks in flight. Every ask must succeed with points inside the
 * space, of the right type, and never a point already observed when the space has a continuous
 * range with room.
 *
 * <p>Scale: {@code -Dfuzz.spaces=N -Dfuzz.steps=T -Dfuzz.longSpaces=L -Dfuzz.longMaxDim=D
 * -Dfuzz.seed=S}. The default suite runs 120 spaces of 1 to 20 ranges for 30 results each plus two
 * 200-result searches of up to 5 ranges, so it stays within minutes on two cores; {@code
 * benchmarks/fuzz-tuning} runs thousands of spaces at 200 results each.
 */
class AskTellFuzzTest {
  private static final int SPACES = Integer.getInteger("fuzz.spaces", 120);
  private static final int STEPS = Integer.getInteger("fuzz.steps", 30);
  private static final int LONG_SPACES = Integer.getInteger("fuzz.longSpaces", 2);

  /** Ranges of the long searches in the default suite (the GP's cost grows with them). */
  private static final int LONG_MAX_DIM = Integer.getInteger("fuzz.longMaxDim", 5);

  private static final long SEED = Long.getLong("fuzz.seed", 20261202L);

  enum Kind {
    SMOOTH,
    CONSTANT,
    PLATEAU,
    HUGE,
    TIES,
    DISCONTINUOUS,
    NOISY_FAILURES
  }

  @Test
  void manyRandomSpacesAndHostileObjectivesNeverFail() throws Exception {
    Map<String, Integer> sources = fuzzAll(new Random(SEED), SPACES, STEPS, 20);
    // the model must actually be used, not only the fallback
    assertTrue(sources.getOrDefault(BayesianSearch.MODEL, 0) > 0, "sources: " + sources);
    assertTrue(sources.getOrDefault(BayesianSearch.INITIAL, 0) > 0, "sources: " + sources);
  }

  /** A few full-length searches (200 steps) in the default suite. */
  @Test
  void longSearchesNeverFail() throws Exception {
    Map<String, Integer> sources = fuzzAll(new Random(SEED + 1), LONG_SPACES, 200, LONG_MAX_DIM);
    assertTrue(sources.getOrDefault(BayesianSearch.MODEL, 0) > 0, "sources: " + sources);
  }

  /**
   * {@link #fuzzOne} for {@code spaces} seeds drawn from {@code meta}, two at a time (one per core;
   * the searches share no state), and the suggestion sources they counted.
   */
  static Map<String, Integer> fuzzAll(Random meta, int spaces, int steps, int maxDim)
      throws Exception {
    long[] seeds = new long[spaces];
    for (int i = 0; i < spaces; i++) {
      seeds[i] = meta.nextLong();
    }
    Map<String, Integer> sources = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (long seed : seeds) {
        runs.add(pool.submit(() -> fuzzOne(seed, steps, maxDim, sources)));
      }
      for (Future<?> run : runs) {
        try {
          run.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error err) {
            throw err; // the failing search's assertion, with its seed and space
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return sources;
  }

  static void fuzzOne(long seed, int steps, int maxDim, Map<String, Integer> sourceCounts) {
    Random rnd = new Random(seed);
    SearchSpace space = randomSpace(rnd, maxDim);
    Kind kind = Kind.values()[rnd.nextInt(Kind.values().length)];
    int parallel = 1 + rnd.nextInt(8);
    double failRate = rnd.nextDouble() < 0.5 ? 0 : rnd.nextDouble() * 0.5;
    Direction dir = rnd.nextBoolean() ? Direction.MINIMIZE : Direction.MAXIMIZE;
    Optimizer opt = new Optimizer(space, dir, new BayesianSearch(space, seed));
    String where =
        String.format(
            "seed %d, %s objective, %d in parallel, fail rate %.2f, space %s",
            seed, kind, parallel, failRate, space);
    boolean continuousRoom = false;
    for (ParamRange r : space.ranges()) {
      continuousRoom |= r instanceof ContinuousRange c && c.min() < c.max();
    }
    // duplicated prior observations (same point twice, different values)
    if (rnd.nextInt(4) == 0) {
      Map<String, Object> p = space.fromUnit(unit(rnd, space.dimension()));
      opt.addPrior(p, 1.0);
      opt.addPrior(p, 2.0);
      opt.addPrior(p, 1.0);
    }
    Set<Map<String, Object>> observed = new HashSet<>();
    List<Optimizer.Suggestion> inFlight = new ArrayList<>();
    int told = 0;
    try {
      while (told < steps) {
        int room = Math.min(parallel - inFlight.size(), steps - told - inFlight.size());
        if (room > 0) {
          List<Optimizer.Suggestion> batch = opt.ask(room);
          assertEquals(room, batch.size(), where);
          for (Optimizer.Suggestion s : batch) {
            checkInSpace(space, s.params(), where);
            if (continuousRoom) {
              assertTrue(
                  !observed.contains(s.params()),
                  "re-suggested observed point " + s.params() + " at step " + told + "; " + where);
            }
            sourceCounts.merge(s.source(), 1, Integer::sum);
          }
          inFlight.addAll(batch);
        }
        // report a random one of the trials in flight (out of order, like parallel workers)
        Optimizer.Suggestion s = inFlight.remove(rnd.nextInt(inFlight.size()));
        observed.add(s.params());
        if (rnd.nextDouble() < failRate) {
          opt.tellFailed(s.trial());
        } else {
          opt.tell(s.trial(), value(kind, space, s.params(), rnd));
        }
        told++;
      }
    } catch (RuntimeException e) {
      throw new AssertionError("ask/tell threw after " + told + " results; " + where, e);
    }
  }

  static double value(Kind kind, SearchSpace space, Map<String, Object> p, Random rnd) {
    double[] u = space.toUnit(p);
    double f = 0;
    for (int i = 0; i < u.length; i++) {
      double t = u[i] - 0.3 - 0.05 * (i % 5);
      f += t * t + 0.1 * Math.cos(13 * u[i]);
    }
    return switch (kind) {
      case SMOOTH -> f;
      case CONSTANT -> 0.75;
      case PLATEAU -> Math.floor(f * 3) / 3;
      case HUGE -> 1e12 * (1 + f) * (rnd.nextInt(20) == 0 ? -1 : 1);
      case TIES -> Math.round(f * 10) / 10.0;
      case DISCONTINUOUS -> (u[0] > 0.5 ? 100 : 0) + f;
      case NOISY_FAILURES ->
          switch (rnd.nextInt(6)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> Double.NEGATIVE_INFINITY;
            default -> f + rnd.nextGaussian();
          };
    };
  }

  static void checkInSpace(SearchSpace space, Map<String, Object> p, String where) {
    assertEquals(space.names(), new ArrayList<>(p.keySet()), where);
    for (ParamRange r : space.ranges()) {
      Object v = p.get(r.name());
      if (r instanceof ContinuousRange c) {
        if (!(v instanceof Double d) || !(d >= c.min() && d <= c.max())) {
          fail(
              "continuous "
                  + r.name()
                  + " = "
                  + v
                  + " outside ["
                  + c.min()
                  + ", "
                  + c.max()
                  + "]; "
                  + where);
        }
      } else if (r instanceof IntegerRange ir) {
        if (!(v instanceof Integer d) || d < ir.min() || d > ir.max()) {
          fail(
              "integer "
                  + r.name()
                  + " = "
                  + v
                  + " ("
                  + (v == null ? null : v.getClass())
                  + ") outside ["
                  + ir.min()
                  + ", "
                  + ir.max()
                  + "]; "
                  + where);
        }
      } else {
        CategoricalRange c = (CategoricalRange) r;
        boolean member = false;
        for (Object o : c.values()) {
          member |= o.equals(v) && o.getClass() == v.getClass();
        }
        assertTrue(
            member,
            "categorical " + r.name() + " = " + v + " not one of " + c.values() + "; " + where);
      }
    }
  }

  static double[] unit(Random rnd, int d) {
    double[] u = new double[d];
    for (int i = 0; i < d; i++) {
      u[i] = rnd.nextDouble();
    }
    return u;
  }

  static SearchSpace randomSpace(Random rnd, int maxDim) {
    int d = 1 + rnd.nextInt(maxDim);
    List<ParamRange> ranges = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      String name = "p" + i;
      int k = rnd.nextInt(9);
      ranges.add(
          switch (k) {
            case 0 -> new ContinuousRange(name, -rnd.nextDouble() * 10, rnd.nextDouble() * 10);
            case 1 ->
                new ContinuousRange(
                    name, 1e-6 * (1 + rnd.nextDouble()), 1 + rnd.nextDouble() * 1e3, Scaling.LOG);
            case 2 -> new ContinuousRange(name, 0.9, 0.9999, Scaling.REVERSE_LOG);
            case 3 -> new IntegerRange(name, rnd.nextInt(3), 3 + rnd.nextInt(5));
            case 4 -> new IntegerRange(name, -1_000_000_000, 2_000_000_000);
            case 5 -> new IntegerRange(name, 1, 100_000, Scaling.LOG);
            case 6 -> {
              int n = 2 + rnd.nextInt(29);
              List<Object> vals = new ArrayList<>();
              for (int j = 0; j < n; j++) {
                vals.add(rnd.nextBoolean() && n > 2 ? "c" + j : (Object) ("v" + j));
              }
              yield new CategoricalRange(name, vals);
            }
            case 7 ->
                rnd.nextBoolean()
                    ? new ContinuousRange(name, 2.5, 2.5)
                    : new IntegerRange(name, 7, 7);
            default ->
                rnd.nextBoolean()
                    ? CategoricalRange.of(name, true, false)
                    : CategoricalRange.of(name, 0.1, 0.2, 0.5);
          });
    }
    return new SearchSpace(ranges);
  }
}
