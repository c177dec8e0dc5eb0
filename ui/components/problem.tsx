/** A page that says what is wrong and what to do, in place of what could not be shown. */
import type { ComponentChildren } from 'preact';
import { sessionsHref } from '../route';

export function Problem(props: {
  title: string;
  message: string;
  details?: string[] | undefined;
  children?: ComponentChildren;
  back?: boolean;
}) {
  return (
    <section class="problem" role="alert">
      <h1>{props.title}</h1>
      <p class="problem-message">{props.message}</p>
      {props.details && props.details.length > 0 ? (
        <ul class="problem-details">
          {props.details.map((d) => (
            <li key={d}>
              <code>{d}</code>
            </li>
          ))}
        </ul>
      ) : null}
      {props.children}
      {props.back === false ? null : (
        <p>
          <a href={sessionsHref()}>← All sessions</a>
        </p>
      )}
    </section>
  );
}
