package ist.spike.operator;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;

/**
 * The CRUD mock server, plus the one non-CRUD call leader election needs: JOSDK asks the API server
 * (a SelfSubjectRulesReview) whether it may use Leases before it campaigns. This answers yes.
 */
final class ReviewingCrudDispatcher extends KubernetesCrudDispatcher {
    ReviewingCrudDispatcher() {
        super(List.of());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if ("POST".equals(request.getMethod()) && request.getPath().contains("/selfsubjectrulesreviews")) {
            return new MockResponse().setResponseCode(201).setBody("""
                    {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","spec":{},
                     "status":{"incomplete":false,"nonResourceRules":[],"resourceRules":[
                       {"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":["create","update","get"]}]}}""");
        }
        return super.dispatch(request);
    }
}
