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
 * 20 seeds on Branin and Hartmann6: Refinery's Bayesian and random search against Optuna 3.1's
 * TPE (default and multivariate) and random samplers, all in one run, sequentially and with 4
 * suggestions per batch (ask 4, then tell 4).
 *
 * <pre>benchmarks/run tuning.RegretBench [--seeds 20] [--evals 100] [--threads 2]</pre>
 */
public final class RegretBench {
  private static final int[] CHECKPOINTS = {25, 50, 100};

  private RegretBench() {}

  public static void main(String[] args) throws Exception {
    int seeds = 20;
    int evals = 100;
    int threads = 2;
    boolean peerOn = true;
    List<Integer> batches = List.of(1, 4);
    List<String> fns = List.of("branin", "hartmann6");
    List<String> methods = List.of("bayesian", "random");
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--seeds" -> seeds = Integer.parseInt(args[i + 1]);
        case "--evals" -> evals = Integer.parseInt(args[i + 1]);
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        case "--peer" -> peerOn = Boolean.parseBoolean(args[i + 1]);
        case "--batches" -> batches = Arrays.stream(args[i + 1].split(",")).map(Integer::valueOf).toList();
        case "--functions" -> fns = List.of(args[i + 1].split(","));
        case "--methods" -> methods = List.of(args[i + 1].split(","));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; expected --seeds N --evals N --threads N --peer true|false --batches 1,4 "
            + "--functions branin,hartmann6 --methods bayesian,random");
      }
    }
    File script = new File("benchmarks/python/tuning_regret_optuna.py");
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.getPath(), "--seeds",
        Integer.toString(seeds), "--evals", Integer.toString(evals), "--batch"));
    batches.forEach(b -> cmd.add(b.toString()));
    cmd.add("--functions");
    cmd.addAll(fns);
    Process peer = peerOn ? new ProcessBuilder(cmd)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start() : null;
    // key: fn|method|batch -> regrets per seed per checkpoint
    Map<String, List<double[]>> runs = new TreeMap<>();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<String[]>> futures = new ArrayList<>();
    final int evalsF = evals;
    List<TestFunctions.Fn> fnList = new ArrayList<>();
    for (String f : fns) {
      fnList.add(f.equals("branin") ? TestFunctions.branin() : TestFunctions.hartmann6());
    }
    for (int batch : batches) {
      for (TestFunctions.Fn fn : fnList) {
        for (String strategy : methods) {
          for (int s = 0; s < seeds; s++) {
            final int seed = s;
            futures.add(pool.submit(() -> {
              long start = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
              Optimizer opt = new Optimizer(fn.space(), Direction.MINIMIZE,
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
              double secs = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start) / 1e9;
              return new String[] {fn.name() + "|refinery_" + strategy + "|" + batch,
                  Arrays.toString(regrets(trace, fn.min())), Double.toString(secs)};
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
    Map<String, Double> mins = Map.of("branin", TestFunctions.branin().min(),
        "hartmann6", TestFunctions.hartmann6().min());
    if (peer != null) {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode n = json.readTree(line);
        double[] trace = new double[n.get("trace").size()];
        for (int i = 0; i < trace.length; i++) {
          trace[i] = n.get("trace").get(i).asDouble();
        }
        String fn = n.get("fn").asText();
        runs.computeIfAbsent(fn + "|" + n.get("sampler").asText() + "|" + n.get("batch").asInt(),
            k -> new ArrayList<>()).add(regrets(trace, mins.get(fn)));
      }
    }
    int rc = peer.waitFor();
    if (rc != 0) {
      System.out.println("WARNING: Optuna peer exited with " + rc);
    }
    }
    System.out.printf("Median simple regret over %d seeds (Refinery wall time %.0f s, %d threads)%n",
        seeds, javaSecs, threads);
    System.out.printf("%-10s %-5s %-28s %12s %12s %12s %8s%n", "function", "batch", "method",
        "@25", "@50", "@100", "cpu s/run");
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
          System.out.printf("%-10s %-5d %-28s %12.3e %12.3e %12.3e %8s%n", fn, batch, k[1],
              med[0], med[1], med[2],
              secs == null ? "-" : String.format("%.2f", secs / e.getValue().size()));
          if (k[1].startsWith("optuna_") && med[1] < bestOptuna50) {
            bestOptuna50 = med[1];
            bestOptuna = k[1];
          }
          if (k[1].equals("refinery_bayesian")) {
            bayes50 = med[1];
          }
        }
        System.out.printf("  -> %s batch %d: Refinery Bayesian / best Optuna (%s) median regret at 50"
            + " = %.3f (goal <= 0.5)%n", fn, batch, bestOptuna, bayes50 / bestOptuna50);
      }
    }
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
