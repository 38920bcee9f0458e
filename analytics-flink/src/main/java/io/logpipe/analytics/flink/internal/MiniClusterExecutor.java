package io.logpipe.analytics.flink.internal;

import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;

/**
 * Submits pipelines to one running {@link MiniCluster}, so many queries share one cluster instead of
 * starting one each (Flink's own local executor starts a cluster per job).
 */
public final class MiniClusterExecutor implements PipelineExecutorServiceLoader, PipelineExecutorFactory,
        PipelineExecutor {

    private static final String NAME = "logpipe-minicluster";

    private final MiniCluster cluster;

    /**
     * Creates the executor.
     *
     * @param cluster a started cluster
     */
    public MiniClusterExecutor(MiniCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
        return this;
    }

    @Override
    public Stream<String> getExecutorNames() {
        return Stream.of(NAME);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean isCompatibleWith(Configuration configuration) {
        return true;
    }

    @Override
    public PipelineExecutor getExecutor(Configuration configuration) {
        return this;
    }

    @Override
    public CompletableFuture<JobClient> execute(org.apache.flink.api.dag.Pipeline pipeline,
            Configuration configuration, ClassLoader userCodeClassloader) throws Exception {
        JobGraph graph = PipelineExecutorUtils.getJobGraph(pipeline, configuration, userCodeClassloader);
        return cluster.submitJob(graph).thenApply(r -> new MiniClusterJobClient(r.getJobID(), cluster,
                userCodeClassloader, MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
    }
}
