// Loads every module that defines an API type. Schemas register themselves in `apiTypes` when
// their module loads, and code that only uses a type (`import type`) loads nothing, so the
// OpenAPI document, the request decoder and patch metadata import this to see every kind.
import './meta/v1.ts';
import './core/v1/service.ts';
import './core/v1/pod.ts';
import './core/v1/namespace.ts';
import './core/v1/node.ts';
import './core/v1/event.ts';
import './core/v1/configmap.ts';
import './core/v1/secret.ts';
import './core/v1/endpoints.ts';
import './core/v1/binding.ts';
import './discovery/v1/endpointslice.ts';
import './apps/v1/index.ts';
import './coordination/v1/lease.ts';
import './autoscaling/v1/scale.ts';
import './authorization/v1/reviews.ts';
import './authentication/v1/self-subject-review.ts';
