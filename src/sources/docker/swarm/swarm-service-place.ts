/**
 * Where a Swarm service sits on the Services panel, like a compose service: the stack
 * (`docker stack deploy`, label `com.docker.stack.namespace`) is the project, else
 * `swarm`; the service is its name without the `<stack>_` prefix. One rule for the task
 * containers (docker-matchers) and the services themselves (build-swarm-snapshot).
 */
export function swarmServicePlace(
  name: string,
  stack: string | undefined,
): { readonly project: string; readonly service: string } {
  return {
    project: stack ?? 'swarm',
    service:
      stack !== undefined && name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name,
  };
}
