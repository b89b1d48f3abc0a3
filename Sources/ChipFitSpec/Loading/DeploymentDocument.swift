import ChipFitPlanner
import ChipFitYAML

/// A `kind: Deployment` file as read: the deployment the planner sees, where its model comes
/// from, and the validated mapping, which cross-file checks point into. Members of the
/// deployment read through it (`document.workload`).
@dynamicMemberLookup
public struct DeploymentDocument: Sendable {
    public var deployment: Deployment
    public var model: ModelSource
    public var fields: Object

    public subscript<T>(dynamicMember path: KeyPath<Deployment, T>) -> T { deployment[keyPath: path] }
}

/// Where a deployment's model comes from. Field overrides travel as the validated mapping
/// and are applied when the catalogue is linked.
public enum ModelSource: Sendable {
    case preset(id: String, overrides: Object?)
    case hfConfig(path: String, overrides: Object?)
    case inline(Object)
}
