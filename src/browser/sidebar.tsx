import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import {
  SidePanel,
  Toolbar,
  imageIcon,
  refreshIcon
} from '@jupyterlab/ui-components';
import { AccordionPanel, Widget } from '@lumino/widgets';
import * as React from 'react';

import { rspApiIcon } from '../icons';
import { actionButton } from '../shared/toolbar';
import { IServicesModel } from '../tokens';
import { IBrowserActions, SchemaBrowser } from './SchemaBrowser';
import { ServicesView } from './ServicesView';
import { BrowserModel } from './model';

export const SIDEBAR_ID = 'jp-RspApi-sidebar';

/** The "RSP API" left panel: a toolbar and the services view, re-rendered on model changes. */
export function createSidebar(
  model: IServicesModel,
  browser: BrowserModel,
  actions: IBrowserActions,
  moreSections: Widget[] = [],
  openSky?: () => void
): SidePanel {
  const panel = new SidePanel();
  panel.id = SIDEBAR_ID;
  panel.addClass('jp-RspApi-Sidebar');
  panel.title.icon = rspApiIcon;
  panel.title.caption = 'RSP API: IVOA services';
  panel.title.label = '';

  const heading = new Widget();
  heading.node.textContent = 'RSP API';
  heading.addClass('jp-RspApi-SidebarTitle');
  panel.toolbar.addItem('title', heading);
  panel.toolbar.addItem('spacer', Toolbar.createSpacerItem());
  if (openSky) {
    panel.toolbar.addItem(
      'sky',
      actionButton({
        icon: imageIcon,
        tooltip: 'Open the sky viewer (HiPS surveys, cutouts)',
        onClick: openSky
      })
    );
  }
  panel.toolbar.addItem(
    'refresh',
    actionButton({
      icon: refreshIcon,
      tooltip: 'Rediscover services and check their availability',
      onClick: () => void model.refresh()
    })
  );

  const view = ReactWidget.create(
    <UseSignal signal={model.changed}>
      {() => (
        <ServicesView
          model={model}
          onCheck={serviceId => void model.checkAvailability(serviceId)}
          onRetry={() => void model.refresh()}
        />
      )}
    </UseSignal>
  );
  view.addClass('jp-RspApi-SidebarContent');
  view.title.label = 'Services';
  panel.addWidget(view);

  const tables = ReactWidget.create(
    <UseSignal signal={browser.changed}>
      {() => (
        <UseSignal signal={model.changed}>
          {() => (
            <SchemaBrowser model={browser} services={model} actions={actions} />
          )}
        </UseSignal>
      )}
    </UseSignal>
  );
  tables.addClass('jp-RspApi-SidebarContent');
  tables.addClass('jp-RspApi-TablesSection');
  tables.title.label = 'TAP browser';
  panel.addWidget(tables);
  for (const section of moreSections) {
    panel.addWidget(section);
  }
  return panel;
}

/** Open the TAP browser's section and bring its preview into view. */
export function revealPreview(panel: SidePanel): void {
  const index = panel.widgets.findIndex(w =>
    w.hasClass('jp-RspApi-TablesSection')
  );
  // SidePanel lays its sections out in an accordion.
  const content = panel.content;
  if (
    index >= 0 &&
    !panel.widgets[index].isVisible &&
    content instanceof AccordionPanel
  ) {
    content.expand(index);
  }
  window.requestAnimationFrame(() =>
    panel.node
      .querySelector('.jp-RspApi-Preview')
      ?.scrollIntoView({ block: 'nearest' })
  );
}
