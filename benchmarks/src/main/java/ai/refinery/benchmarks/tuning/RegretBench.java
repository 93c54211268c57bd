package ai.refinery.benchmarks.tuning;

import ai.refinery.tuning.space.Direction;
import ai.refinery.tuning.strategy.Optimizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Median simple regret (best found minus the known minimum) after 25, 50 and 100 evaluations over
 * 20 seeds on the suite of {@link TestFunctions#SUITE} (Ackley 5-D, Rastrigin 4-D, Michalewicz 5-D,
 * Rosenbrock 4-D, Schwefel 4-D, Griewank 6-D, Branin, Hartmann-6, two mixed spaces of 8 and 15
 * ranges): Refinery's Bayesian search against Optuna 3.1's TPE (multivariate), CMA-ES and random
 * samplers, all in one run, sequentially and with 4 suggestions per batch (ask 4, then tell 4).
 * Ends with the suggestion latency at 100 observations in 15 dimensions.
 *
 * <pre>benchmarks/run tuning.RegretBench [--seeds 20] [--evals 100] [--threads 2]
 *     [--functions ackley5,...] [--methods bayesian,random] [--samplers tpe_multivariate,...]
 * benchmarks/run tuning.RegretBench --latency</pre>
 */
public final class RegretBench {
  private static final int[] CHECKPOINTS = {25, 50, 100};

  private RegretBench() {}

  public static void main(String[] args) throws Exception {
    int seeds = 20;
    int evals = 100;
    int threads = 2;
    if (args.length > 0 && args[0].equals("--latency")) {
      latency();
      return;
    }
    boolean peerOn = true;
    List<Integer> batches = List.of(1, 4);
    List<String> fns = TestFunctions.SUITE;
    List<String> methods = List.of("bayesian");
    List<String> samplers = List.of("tpe_multivariate", "cmaes", "random");
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--seeds" -> seeds = Integer.parseInt(args[i + 1]);
        case "--evals" -> evals = Integer.parseInt(args[i + 1]);
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        case "--peer" -> peerOn = Boolean.parseBoolean(args[i + 1]);
        case "--batches" ->
            batches = Arrays.stream(args[i + 1].split(",")).map(Integer::valueOf).toList();
        case "--functions" -> fns = List.of(args[i + 1].split(","));
        case "--methods" -> methods = List.of(args[i + 1].split(","));
        case "--samplers" -> samplers = List.of(args[i + 1].split(","));
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; expected --seeds N --evals N --threads N --peer true|false --batches 1,4 "
                    + "--functions "
                    + String.join(",", TestFunctions.SUITE)
                    + " --methods bayesian,random --samplers tpe_multivariate,cmaes,random,tpe");
      }
    }
    File script = new File("benchmarks/python/tuning_regret_optuna.py");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "/usr/bin/python3",
                script.getPath(),
                "--seeds",
                Integer.toString(seeds),
                "--evals",
                Integer.toString(evals),
                "--batch"));
    batches.forEach(b -> cmd.add(b.toString()));
    cmd.add("--functions");
    cmd.addAll(fns);
    cmd.add("--samplers");
    cmd.addAll(samplers);
    // the peer writes to a file, not a pipe: a pipe read only after our runs would fill and stall
    // the peer, which then ran after ours instead of alongside
    File peerOut = File.createTempFile("regret-optuna", ".jsonl");
    peerOut.deleteOnExit();
    Process peer =
        peerOn
            ? new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(peerOut)
                .start()
            : null;
    // key: fn|method|batch -> regrets per seed per checkpoint
    Map<String, List<double[]>> runs = new TreeMap<>();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<String[]>> futures = new ArrayList<>();
    final int evalsF = evals;
    List<TestFunctions.Fn> fnList = new ArrayList<>();
    for (String f : fns) {
      fnList.add(TestFunctions.byName(f));
    }
    for (int batch : batches) {
      for (TestFunctions.Fn fn : fnList) {
        for (String strategy : methods) {
          for (int s = 0; s < seeds; s++) {
            final int seed = s;
            futures.add(
                pool.submit(
                    () -> {
                      long start =
                          java.lang.management.ManagementFactory.getThreadMXBean()
                              .getCurrentThreadCpuTime();
                      Optimizer opt =
                          new Optimizer(
                              fn.space(),
                              Direction.MINIMIZE,
                              Optimizer.strategy(strategy, fn.space(), seed));
                      double[] trace = new double[evalsF];
                      double best = Double.POSITIVE_INFINITY;
                      int done = 0;
                      while (done < evalsF) {
                        for (Optimizer.Suggestion sg : opt.ask(Math.min(batch, evalsF - done))) {
                          double v = fn.f().applyAsDouble(sg.params());
                          opt.tell(sg.trial(), v);
                          best = Math.min(best, v);
                          trace[done++] = best;
                        }
                      }
                      double secs =
                          (java.lang.management.ManagementFactory.getThreadMXBean()
                                      .getCurrentThreadCpuTime()
                                  - start)
                              / 1e9;
                      return new String[] {
                        fn.name() + "|refinery_" + strategy + "|" + batch,
                        Arrays.toString(regrets(trace, fn.min())),
                        Double.toString(secs)
                      };
                    }));
          }
        }
      }
    }
    Map<String, Double> seconds = new TreeMap<>();
    for (Future<String[]> f : futures) {
      String[] r = f.get();
      runs.computeIfAbsent(r[0], k -> new ArrayList<>()).add(parse(r[1]));
      seconds.merge(r[0], Double.parseDouble(r[2]), Double::sum);
    }
    pool.shutdown();
    double javaSecs = (System.nanoTime() - t0) / 1e9;
    ObjectMapper json = new ObjectMapper();
    Map<String, Double> mins = new TreeMap<>();
    for (String f : fns) {
      mins.put(f, TestFunctions.byName(f).min());
    }
    if (peer != null) {
      int rc = peer.waitFor();
      if (rc != 0) {
        System.out.println("WARNING: Optuna peer exited with " + rc);
      }
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(
                  new java.io.FileInputStream(peerOut), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          JsonNode n = json.readTree(line);
          double[] trace = new double[n.get("trace").size()];
          for (int i = 0; i < trace.length; i++) {
            trace[i] = n.get("trace").get(i).asDouble();
          }
          String fn = n.get("fn").asText();
          runs.computeIfAbsent(
                  fn + "|" + n.get("sampler").asText() + "|" + n.get("batch").asInt(),
                  k -> new ArrayList<>())
              .add(regrets(trace, mins.get(fn)));
        }
      }
    }
    System.out.printf(
        "Median simple regret over %d seeds, %d evaluations (Refinery wall time %.0f s,"
            + " %d threads; defaults everywhere, Optuna samplers %s)%n",
        seeds, evals, javaSecs, threads, samplers);
    System.out.printf(
        "%-10s %-5s %-28s %12s %12s %12s %8s%n",
        "function", "batch", "method", "@25", "@50", "@100", "cpu s/run");
    for (int batch : batches) {
      for (String fn : fns) {
        double bestOptuna50 = Double.POSITIVE_INFINITY;
        String bestOptuna = "";
        double bayes50 = Double.NaN;
        for (Map.Entry<String, List<double[]>> e : runs.entrySet()) {
          String[] k = e.getKey().split("\\|");
          if (!k[0].equals(fn) || Integer.parseInt(k[2]) != batch) {
            continue;
          }
          double[] med = medians(e.getValue());
          Double secs = seconds.get(e.getKey());
          System.out.printf(
              "%-10s %-5d %-28s %12.3e %12.3e %12.3e %8s%n",
              fn,
              batch,
              k[1],
              med[0],
              med[1],
              med[2],
              secs == null ? "-" : String.format("%.2f", secs / e.getValue().size()));
          if (k[1].startsWith("optuna_") && med[1] < bestOptuna50) {
            bestOptuna50 = med[1];
            bestOptuna = k[1];
          }
          if (k[1].equals("refinery_bayesian")) {
            bayes50 = med[1];
          }
        }
        System.out.printf(
            "  -> %s batch %d: Refinery Bayesian / best Optuna (%s) median regret at 50"
                + " = %.3f (goal <= 0.5)%n",
            fn, batch, bestOptuna, bayes50 / bestOptuna50);
      }
    }
    latency();
  }

  /**
   * Suggestion latency of the default Bayesian search on the 15-range mixed space with 100 finished
   * trials (random points): one ask, and an ask of 4.
   */
  static void latency() {
    TestFunctions.Fn fn = TestFunctions.byName("mixed15");
    Optimizer opt =
        new Optimizer(
            fn.space(), Direction.MINIMIZE, Optimizer.strategy("bayesian", fn.space(), 1));
    ai.refinery.tuning.strategy.RandomSearch rs =
        new ai.refinery.tuning.strategy.RandomSearch(fn.space(), 2);
    for (int i = 0; i < 100; i++) {
      Map<String, Object> p = rs.propose(1, opt.state()).get(0);
      opt.restore(i, p, fn.f().applyAsDouble(p));
    }
    double[] one = new double[5];
    double[] cpu = new double[5];
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int r = 0; r < one.length; r++) {
      long t = System.nanoTime();
      long c = mx.getCurrentThreadCpuTime();
      Optimizer.Suggestion s = opt.ask().orElseThrow();
      one[r] = (System.nanoTime() - t) / 1e9;
      cpu[r] = (mx.getCurrentThreadCpuTime() - c) / 1e9;
      opt.tell(s.trial(), fn.f().applyAsDouble(s.params()));
    }
    long t = System.nanoTime();
    List<Optimizer.Suggestion> four = opt.ask(4);
    double fourSecs = (System.nanoTime() - t) / 1e9;
    Arrays.sort(one);
    Arrays.sort(cpu);
    System.out.printf(
        "Suggestion latency, mixed15 (15 ranges) at 100-105 observations: median %.3f s"
            + " wall, %.3f s CPU per ask (wall min %.3f, max %.3f, 5 asks); ask(4) %.3f s wall (goal < 1"
            + " s per trial; load average %.1f on %d cores)%n",
        one[2],
        cpu[2],
        one[0],
        one[4],
        fourSecs,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    four.forEach(s -> opt.tellFailed(s.trial()));
  }

  private static double[] regrets(double[] trace, double min) {
    double[] out = new double[CHECKPOINTS.length];
    for (int i = 0; i < CHECKPOINTS.length; i++) {
      int k = Math.min(CHECKPOINTS[i], trace.length) - 1;
      out[i] = Math.max(0, trace[k] - min);
    }
    return out;
  }

  private static double[] parse(String s) {
    String[] parts = s.substring(1, s.length() - 1).split(",");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Double.parseDouble(parts[i].trim());
    }
    return out;
  }

  private static double[] medians(List<double[]> runs) {
    double[] out = new double[CHECKPOINTS.length];
    for (int c = 0; c < CHECKPOINTS.length; c++) {
      double[] v = new double[runs.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = runs.get(i)[c];
      }
      Arrays.sort(v);
      int n = v.length;
      out[c] = n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
    return out;
  }
}
