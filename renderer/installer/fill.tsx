import { Fragment, type ReactNode } from 'react';

/**
 * A message with its {placeholders} filled by elements: each value sits in <bdi dir="ltr"> so a
 * path, a hex dump or a code keeps its left-to-right order inside Arabic words.
 */
export function fillLtr(text: string, vars: Record<string, string | number>): ReactNode {
  return text.split(/(\{\w+\})/).map((part, i) => {
    const m = /^\{(\w+)\}$/.exec(part);
    if (!m || !(m[1]! in vars)) return <Fragment key={i}>{part}</Fragment>;
    return (
      <bdi key={i} dir="ltr">
        {String(vars[m[1]!])}
      </bdi>
    );
  });
}
