/**
 * Self-contained HTML reports with charts rendered by XChart and embedded as PNG images: loss and
 * metric curves, tuning convergence, objective vs each hyperparameter, per-fold metrics, confusion
 * matrices and residuals. Jobs feed data in; nothing here reads tables.
 */
package ai.refinery.jobs.report;
