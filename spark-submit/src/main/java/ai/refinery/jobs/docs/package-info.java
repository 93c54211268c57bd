/**
 * Markdown docs generated from code ({@code docs/params.md}); the build checks they are current.
 */
package ai.refinery.jobs.docs;
