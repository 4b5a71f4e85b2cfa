/** The help of `kubeward netpol` and of each of its subcommands. */

const COMMON = `Options for every subcommand:
  -f, --filename PATH        A manifest file or folder (.yaml, .yml, .json), repeatable; default: the current directory
  --format text|json         Output format (default: text)
  --ip-block-matches-pods unknown|yes|no
                             Whether ipBlocks match pod addresses in your network plugin (Calico and Antrea: yes,
                             Cilium: no). With unknown (the default), answers that turn on it say "depends".
  -h, --help                 This help`;

const netpol = `Usage: kubeward netpol <subcommand> [options]

What the NetworkPolicies in your manifests allow, answered offline from the NetworkPolicies, workloads and
Namespaces in the files named with -f.

Subcommands:
  explain                    Every NetworkPolicy in plain words, with the workloads it selects
  reach FROM TO [-p PORT]    Whether FROM may open a connection to TO, and which rules decide it
  summary -n NAMESPACE       For each workload of a namespace, who may reach it and whom it may reach

${COMMON}

Run "kubeward netpol <subcommand> --help" for one subcommand.
`;

const explain = `Usage: kubeward netpol explain [-f PATH]... [--format text|json]

Says what every NetworkPolicy allows, in plain words (AND and OR spelled out), with its file and line and the
workloads of the manifests it selects.

${COMMON}
`;

const reach = `Usage: kubeward netpol reach FROM TO [-p PORT[/PROTOCOL]] [-f PATH]... [--format text|json]

Answers allowed, denied or depends: traffic needs the egress of FROM and the ingress of TO to allow it, on the
same port. Each side's rules are cited with file and line.

FROM and TO are each one of:
  NAMESPACE/NAME             A Pod or workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob,
                             ReplicationController) by name
  NAMESPACE/KIND/NAME        The same, when several kinds share the name (kind as kubectl writes it: deploy, sts, po …)
  ADDRESS or CIDR            An address outside the cluster (203.0.113.7); a range (203.0.113.0/24) is answered
                             for all its addresses, and "depends" when the policies allow only some of them

Options:
  -p, --port PORT[/PROTOCOL] A port number (TCP unless a protocol is given: 53/UDP), or the name of a port of TO's
                             pods, which has its own protocol. Without a port: whether some port is allowed by both
                             sides, and which.
${COMMON}

Exit codes: 0 allowed, 1 denied or depends, 2 usage error.
`;

const summary = `Usage: kubeward netpol summary -n NAMESPACE [-f PATH]... [--format text|json]

For every workload of NAMESPACE: which policies isolate it, which workloads (and addresses outside the cluster)
may reach it on some port, and which it may reach.

Options:
  -n, --namespace NAMESPACE  The namespace to summarise (required)
${COMMON}
`;

export const NETPOL_HELP = { netpol, explain, reach, summary };
