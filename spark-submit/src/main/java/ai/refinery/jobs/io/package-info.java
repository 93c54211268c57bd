/** Reading and writing Delta tables for jobs: pinned versions, transactional idempotent appends. */
package ai.refinery.jobs.io;
