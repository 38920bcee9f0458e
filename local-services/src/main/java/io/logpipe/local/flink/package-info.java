/**
 * A real Apache Flink session cluster for local runs and tests:
 * {@link io.logpipe.local.flink.LocalFlinkCluster} runs a JobManager and TaskManagers as separate JVMs on
 * 127.0.0.1 from Flink's jars on Maven Central. {@link io.logpipe.local.flink.junit.FlinkClusterExtension}
 * wraps it for JUnit 5.
 */
@NullMarked
package io.logpipe.local.flink;

import org.jspecify.annotations.NullMarked;
