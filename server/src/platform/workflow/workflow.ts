import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from '../access/scope.ts';
import { errors, type Messages } from '../errors.ts';
import { workflowStep } from './workflow.schema.ts';

/**
 * One small helper for every workflow (member development, transfers, cases, wishes, loans,
 * nominations): explicit states, the transitions allowed from each, and a stored step per move.
 */
export type Workflow<S extends string, A extends string> = {
  name: string;
  states: Record<S, Messages>;
  transitions: Record<A, { from: readonly (S | null)[]; to: S; label: Messages }>;
};

export function defineWorkflow<S extends string, A extends string>(wf: Workflow<S, A>): Workflow<S, A> {
  return wf;
}

export type StepInput<A extends string> = {
  entityId: string;
  orgId: number | null;
  action: A;
  occurredOn?: string | null;
  comment?: string | null;
  data?: unknown;
};

/** The state an action leads to from `current`, or a rule error naming the action. */
export function nextState<S extends string, A extends string>(wf: Workflow<S, A>, current: S | null, action: A): S {
  const t = wf.transitions[action];
  if (!t) throw errors.invalid('action', { 'zh-CN': '未知操作', 'en-US': 'unknown action' });
  if (!t.from.includes(current)) {
    const where = current ? wf.states[current] : { 'zh-CN': '（初始）', 'en-US': '(start)' };
    throw errors.transitionNotAllowed('action', where, t.label);
  }
  return t.to;
}

/** Checks and records one transition inside the caller's transaction; returns the new state. */
export async function step<S extends string, A extends string>(
  tx: DbOrTx,
  actor: Pick<Actor, 'accountId' | 'username'> | null,
  wf: Workflow<S, A>,
  current: S | null,
  input: StepInput<A>,
): Promise<S> {
  const to = nextState(wf, current, input.action);
  await tx.insert(workflowStep).values({
    workflow: wf.name,
    entityId: input.entityId,
    orgId: input.orgId,
    action: input.action,
    fromState: current,
    toState: to,
    actorId: actor?.accountId ?? null,
    actorUsername: actor?.username ?? null,
    occurredOn: input.occurredOn ?? null,
    comment: input.comment ?? null,
    data: input.data ?? null,
  });
  return to;
}

export async function history(db: DbOrTx, wf: { name: string }, entityId: string) {
  return db
    .select()
    .from(workflowStep)
    .where(and(eq(workflowStep.workflow, wf.name), eq(workflowStep.entityId, entityId)))
    .orderBy(asc(workflowStep.id));
}
