/** `POST /v1/ask` `{question, documentId?, conversationId?}` → `{...Answer, conversationId}`. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CodedError } from '../../errors.ts';
import { AskBody, AskResponse } from '../../protocol/http.ts';
import { checkQuestion } from '../../protocol/question.ts';
import { ask } from '../ask.ts';
import type { AppDeps } from '../deps.ts';

export const askRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { config, indexHolder, conversations, observer }) => {
  app.post('/v1/ask', { config: { access: 'api' }, schema: { body: AskBody, response: { 200: AskResponse } } }, async (req, reply) => {
    const { documentId, conversationId } = req.body;
    const check = checkQuestion(req.body.question, config.limits.maxQuestionLength);
    if (!check.ok) throw new CodedError(check.code, check.detail);

    // Unknown or expired ids start a fresh conversation under a new id (never the client's).
    const context = conversationId !== undefined ? conversations.get(conversationId) : undefined;
    const result = ask(
      indexHolder,
      { question: check.question, documentId, context: context ?? null, transport: 'http' },
      req.log,
      observer,
    );
    observer.metrics?.ask('http', result.answer.answerable ? 'answered' : 'declined');
    const id = conversations.set(context ? conversationId : undefined, result.context);
    // Serialised by the response schema above (fields outside the public contract are dropped).
    return reply.send({ ...result.answer, conversationId: id });
  });
};
