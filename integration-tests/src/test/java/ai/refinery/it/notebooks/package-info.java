/**
 * The notebooks in {@code notebooks/} executed headless on the Refinery Java kernel, with their
 * generated Jupyter and Zeppelin files checked against their sources.
 */
package ai.refinery.it.notebooks;
