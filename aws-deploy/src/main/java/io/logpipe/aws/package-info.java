/**
 * The tutorial's stack on AWS: plan it with its cost, create it (idempotent and resumable), inspect
 * it, and delete every part of it again.
 *
 * <p>{@link io.logpipe.aws.StackConfig} names the stack and its resources; {@link io.logpipe.aws.AwsClients}
 * holds the SDK clients (the SDK's default credentials and region chains, endpoint overrides);
 * {@link io.logpipe.aws.Stack} runs {@code plan}, {@code up}, {@code status} and {@code down};
 * {@link io.logpipe.aws.PriceTable} holds the prices the plan uses, with their sources and dates;
 * {@link io.logpipe.aws.StackState} is the local file listing the ARNs the stack created. Every
 * resource carries the tag {@value io.logpipe.aws.StackConfig#TAG_KEY}{@code =<stack>}, and nothing
 * without it is ever deleted.
 */
@NullMarked
package io.logpipe.aws;

import org.jspecify.annotations.NullMarked;
