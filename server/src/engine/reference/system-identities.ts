/**
 * Users and groups the API server itself gives meaning to. Members of system:masters are allowed before any
 * authorizer is asked, so no RBAC change can restrict them; the Node authorizer and the kubelet signers know a node
 * by the user system:node:<name> in the group system:nodes.
 */
export const MASTERS_GROUP = 'system:masters';
export const NODES_GROUP = 'system:nodes';
export const NODE_USER_PREFIX = 'system:node:';
