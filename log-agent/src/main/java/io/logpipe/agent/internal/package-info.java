/**
 * Implementation of the agent: file discovery and identity, tailing, checkpoints, processing.
 * Not a public API.
 */
@NullMarked
package io.logpipe.agent.internal;

import org.jspecify.annotations.NullMarked;
