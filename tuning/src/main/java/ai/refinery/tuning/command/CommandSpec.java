package ai.refinery.tuning.command;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How to run one command trial.
 *
 * @param command the program and its fixed arguments; each hyperparameter is appended as {@code
 *     --name value}
 * @param objectiveRegex a regex whose first group is the objective; the last matching line wins
 * @param intermediateRegex a regex whose first group is an intermediate value (one per matching
 *     line, in order), or null
 * @param envPrefix prefix of the environment variables that also carry the hyperparameters ({@code
 *     HP_} gives {@code HP_LEARNING_RATE} for {@code learning_rate}); null for none
 * @param timeoutSeconds per-trial time limit (0: none); the process is killed at the limit
 * @param maxLogChars how much of the output (the end of it) is kept per trial
 */
public record CommandSpec(
    List<String> command,
    String objectiveRegex,
    String intermediateRegex,
    String envPrefix,
    double timeoutSeconds,
    int maxLogChars)
    implements Serializable {

  public CommandSpec {
    if (command == null || command.isEmpty()) {
      throw new IllegalArgumentException(
          "A command trial needs a command (program and fixed args)");
    }
    command = List.copyOf(command);
    checkRegex("objectiveRegex", objectiveRegex, true);
    checkRegex("intermediateRegex", intermediateRegex, false);
    if (timeoutSeconds < 0) {
      throw new IllegalArgumentException("timeoutSeconds must be >= 0 but is " + timeoutSeconds);
    }
    if (maxLogChars < 0) {
      throw new IllegalArgumentException("maxLogChars must be >= 0 but is " + maxLogChars);
    }
  }

  /** A spec with {@code HP_} environment variables, no timeout and 64 KB of kept log. */
  public static CommandSpec of(List<String> command, String objectiveRegex) {
    return new CommandSpec(command, objectiveRegex, null, "HP_", 0, 65536);
  }

  public CommandSpec withIntermediateRegex(String regex) {
    return new CommandSpec(command, objectiveRegex, regex, envPrefix, timeoutSeconds, maxLogChars);
  }

  public CommandSpec withTimeoutSeconds(double seconds) {
    return new CommandSpec(
        command, objectiveRegex, intermediateRegex, envPrefix, seconds, maxLogChars);
  }

  private static void checkRegex(String param, String regex, boolean required) {
    if (regex == null) {
      if (required) {
        throw new IllegalArgumentException(
            param
                + " is required: a regex whose first group "
                + "captures the objective, e.g. \"val_loss=([-0-9.eE+]+)\"");
      }
      return;
    }
    try {
      if (Pattern.compile(regex).matcher("").groupCount() < 1) {
        throw new IllegalArgumentException(
            String.format(
                "%s '%s' has no capturing group; wrap "
                    + "the number in parentheses, e.g. \"loss=([-0-9.eE+]+)\"",
                param, regex));
      }
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          String.format("%s '%s' is not a valid regex: %s", param, regex, e.getDescription()), e);
    }
  }

  /** The environment variable name for a hyperparameter. */
  public String envName(String param) {
    return envPrefix + param.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** The full argument list for a point. */
  public List<String> argv(Map<String, Object> params) {
    List<String> out = new java.util.ArrayList<>(command);
    params.forEach(
        (k, v) -> {
          out.add("--" + k);
          out.add(String.valueOf(v));
        });
    return out;
  }
}
