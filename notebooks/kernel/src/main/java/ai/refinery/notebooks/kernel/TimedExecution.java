package ai.refinery.notebooks.kernel;

import java.util.Map;
import jdk.jshell.execution.LocalExecutionControlProvider;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process execution engine, counting the time spent running snippets (as opposed to
 * compiling them), for the kernel's timing log ({@code REFINERY_KERNEL_DEBUG}).
 */
final class TimedExecution implements ExecutionControlProvider {
    private final LocalExecutionControlProvider local = new LocalExecutionControlProvider();
    private long runNanos;

    long runNanos() {
        return runNanos;
    }

    @Override
    public String name() {
        return "refinery-timed-local";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters)
            throws Throwable {
        ExecutionControl delegate = local.generate(env, parameters);
        return new ExecutionControl() {
            @Override
            public void load(ClassBytecodes[] cbcs)
                    throws ClassInstallException, NotImplementedException, EngineTerminationException {
                delegate.load(cbcs);
            }

            @Override
            public void redefine(ClassBytecodes[] cbcs)
                    throws ClassInstallException, NotImplementedException, EngineTerminationException {
                delegate.redefine(cbcs);
            }

            @Override
            public String invoke(String className, String methodName)
                    throws RunException, EngineTerminationException, InternalException {
                long t0 = System.nanoTime();
                try {
                    return delegate.invoke(className, methodName);
                } finally {
                    runNanos += System.nanoTime() - t0;
                }
            }

            @Override
            public String varValue(String className, String varName)
                    throws RunException, EngineTerminationException, InternalException {
                return delegate.varValue(className, varName);
            }

            @Override
            public void addToClasspath(String path)
                    throws EngineTerminationException, InternalException {
                delegate.addToClasspath(path);
            }

            @Override
            public void stop() throws EngineTerminationException, InternalException {
                delegate.stop();
            }

            @Override
            public Object extensionCommand(String command, Object arg)
                    throws RunException, EngineTerminationException, InternalException {
                return delegate.extensionCommand(command, arg);
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }
}
