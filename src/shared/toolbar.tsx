import { ReactWidget } from '@jupyterlab/apputils';
import { ToolbarButtonComponent } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

/**
 * A toolbar button for an action that does not toggle. JupyterLab's `ToolbarButton` always
 * renders `aria-pressed` (false) on its `jp-button` element, whose role allows no such
 * attribute; axe reports that as critical, and screen readers announce a toggle that is none.
 * The component itself leaves the attribute out when `pressed` is not given.
 */
export function actionButton(props: ToolbarButtonComponent.IProps): Widget {
  const widget = ReactWidget.create(<ToolbarButtonComponent {...props} />);
  widget.addClass('jp-ToolbarButton');
  return widget;
}
