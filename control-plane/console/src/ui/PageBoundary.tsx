import { Component, type ReactNode } from 'react';

/** A page that fails to render says so instead of blanking the console; another page works again. */
export class PageBoundary extends Component<{ children: ReactNode }, { failure: string | null }> {
  state = { failure: null as string | null };

  static getDerivedStateFromError(error: unknown) {
    return { failure: error instanceof Error ? error.message : String(error) };
  }

  render() {
    if (this.state.failure) {
      return (
        <section role="alert">
          <h1>This page could not be shown</h1>
          <p className="muted">{this.state.failure}</p>
          <p>
            <a href="#/runs">Back to the runs</a>
          </p>
        </section>
      );
    }
    return this.props.children;
  }
}
