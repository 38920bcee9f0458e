/** Implementation of the stack's steps: one class per kind of resource, the policies, the error mapping. */
@NullMarked
package io.logpipe.aws.internal;

import org.jspecify.annotations.NullMarked;
